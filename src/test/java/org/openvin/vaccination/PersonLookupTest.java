package org.openvin.vaccination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.TestClock;
import org.openvin.pages.PageVisitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * Looking people up by mobile or photo ID is need-to-know: a purpose, the full number, at most the
 * profile's look-ups an hour per staff account (India: 60), every look-up audited, and an account
 * that hits the limit flagged to its district admin.
 */
@OpenVinTest
class PersonLookupTest {

    private static final String MOBILE = "/api/v2/vaccinator/beneficiaries/findByMobile";
    private static final String PHOTO = "/api/v2/vaccinator/beneficiaries/findByPhotoId";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder passwords;

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    private int count(String sql, Object... params) {
        return jdbc.sql(sql + " AND id > " + auditBefore).params(params).query(Integer.class).single();
    }

    /** The audit rows of this test: the class's tests share one database. */
    private long auditBefore;

    @org.junit.jupiter.api.BeforeEach
    void markAudit() {
        auditBefore = jdbc.sql("SELECT coalesce(max(id), 0) FROM audit_event").query(Long.class).single();
    }

    private static Map<String, Object> byMobile(String mobile, String purpose) {
        var body = new java.util.HashMap<String, Object>();
        body.put("mobile_number", mobile);
        if (purpose != null) {
            body.put("purpose", purpose);
        }
        return body;
    }

    @Test
    void aLookUpNeedsThePurposeAndTheFullNumberAndAnswersOnlyThatNumbersPeople() {
        Api api = new Api(port);
        long centre = PointOfCare.centre(jdbc);
        Api vaccinator = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre);
        String mobile = Citizens.newMobile();
        Api citizen = Citizens.login(api, mobile);
        String ref = PointOfCare.beneficiary(citizen, "Asha Present", "1970");
        var other = PointOfCare.person("Ravi Present", "1972");
        PointOfCare.beneficiary(Citizens.login(api, Citizens.newMobile()), "Someone Else", "1980");
        var registered = citizen.post("/api/v2/registration/beneficiary/new", other);
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);

        var found = vaccinator.post(MOBILE, byMobile(mobile, "PERSON_PRESENT"));
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.json().get("beneficiaries")).hasSize(2);
        assertThat(found.json().get("beneficiaries").get(0).get("beneficiary_reference_id").asString()).isEqualTo(ref);

        // A partial number, or the number with a digit more, finds nobody.
        for (String partial : List.of(mobile.substring(0, 6), mobile.substring(2), mobile + "0", "%" + mobile.substring(3))) {
            var answer = vaccinator.post(MOBILE, byMobile(partial, "PERSON_PRESENT"));
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.json().get("errorCode").asString()).isEqualTo("VACCIN0019");
            assertThat(answer.body()).doesNotContain("Asha");
        }
        var byPartialId = vaccinator.post(PHOTO, Map.of("photo_id_type", 1,
                "photo_id_number", ((String) other.get("photo_id_number")).substring(0, 8), "purpose", "PERSON_PRESENT"));
        assertThat(byPartialId.status()).as(byPartialId.body()).isEqualTo(400);
        assertThat(byPartialId.body()).doesNotContain("Ravi");

        var byId = vaccinator.post(PHOTO, Map.of("photo_id_type", 1, "photo_id_number", other.get("photo_id_number"),
                "purpose", "PERSON_PRESENT"));
        assertThat(byId.status()).as(byId.body()).isEqualTo(200);
        assertThat(byId.json().get("beneficiaries")).hasSize(1);
        assertThat(byId.json().get("beneficiaries").get(0).get("name").asString()).isEqualTo("Ravi Present");

        // No purpose, or one the profile does not list: refused, and nothing is looked up.
        for (String purpose : java.util.Arrays.asList(null, "", "CURIOSITY")) {
            var answer = vaccinator.post(MOBILE, byMobile(mobile, purpose));
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.json().get("errorCode").asString()).isEqualTo("LOOKUP0001");
            assertThat(answer.body()).doesNotContain("Asha");
        }
        // The number no longer travels in a URL: the old GET points to the POST.
        for (String old : List.of(MOBILE + "?mobile_number=" + mobile, PHOTO + "?photo_id_type=1&photo_id_number=1")) {
            var answer = vaccinator.get(old);
            assertThat(answer.status()).as(answer.body()).isEqualTo(405);
            assertThat(answer.json().get("errorCode").asString()).isEqualTo("LOOKUP0003");
            assertThat(answer.header("Allow")).isEqualTo("POST");
        }
        // Every look-up is audited with its purpose, the number masked.
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'PERSON_LOOKUP' AND detail LIKE 'purpose PERSON_PRESENT;%'"))
                .isEqualTo(7);
        assertThat(count("SELECT count(*) FROM audit_event WHERE action LIKE 'PERSON_LOOKUP%' AND (subject LIKE ? OR detail LIKE ?)",
                "%" + mobile + "%", "%" + mobile + "%")).isZero();
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'PERSON_LOOKUP' AND outcome = 'REFUSED'")).isEqualTo(3);
    }

    @Test
    void bulkLookUpIsRefusedPastTheHourlyLimitOnEveryThreadAndFlaggedToTheDistrictAdmin() throws Exception {
        Api api = new Api(port);
        long centre = PointOfCare.centre(jdbc);
        Api vaccinator = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre);
        Api colleague = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre);
        String mobile = Citizens.newMobile();
        PointOfCare.beneficiary(Citizens.login(api, mobile), "Bulk Target", "1965");

        // 100 look-ups of different numbers from 8 threads at once: exactly 60 answered (the count is
        // held in PostgreSQL under a lock on the account), the rest 429 with the code and Retry-After.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Api.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String number = i == 0 ? mobile : Citizens.newMobile();
            answers.add(pool.submit((Callable<Api.Answer>) () -> vaccinator.post(MOBILE, byMobile(number, "PERSON_PRESENT"))));
        }
        int ok = 0;
        List<Api.Answer> refused = new ArrayList<>();
        for (Future<Api.Answer> f : answers) {
            Api.Answer a = f.get();
            if (a.status() == 200) {
                ok++;
            } else {
                refused.add(a);
            }
        }
        pool.shutdown();
        assertThat(ok).isEqualTo(60);
        assertThat(refused).hasSize(40).allSatisfy(a -> {
            assertThat(a.status()).as(a.body()).isEqualTo(429);
            assertThat(a.json().get("errorCode").asString()).isEqualTo("LOOKUP0002");
            assertThat(Long.parseLong(a.header("Retry-After"))).isBetween(1L, 3600L);
        });
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'PERSON_LOOKUP' AND detail LIKE 'purpose PERSON_PRESENT;%'"))
                .isEqualTo(60);
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'PERSON_LOOKUP_REFUSED'")).isEqualTo(40);
        // The limit is the account's: a colleague at the same desk still looks people up.
        assertThat(colleague.post(MOBILE, byMobile(mobile, "PERSON_PRESENT")).status()).isEqualTo(200);
        // Photo-ID look-ups share the account's count.
        assertThat(vaccinator.post(PHOTO, Map.of("photo_id_type", 1, "photo_id_number", "2345 6789 0124",
                "purpose", "PERSON_PRESENT")).status()).isEqualTo(429);

        // The district admin sees the account flagged, in the API and on the page; another district's does not.
        insertAdmin("district.admin.395", "DISTRICT_ADMIN", 21, 395);
        insertAdmin("district.admin.394", "DISTRICT_ADMIN", 21, 394);
        Api admin = Citizens.staff(api, "district.admin.395", "secret-pass-123");
        var report = admin.get("/api/v2/admin/staff/lookups");
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        JsonNode first = report.json().get("accounts").get(0);
        assertThat(first.get("flagged").asBoolean()).isTrue();
        assertThat(first.get("lookups").asLong()).isEqualTo(60);
        assertThat(first.get("refused").asLong()).isEqualTo(41);
        assertThat(report.json().get("accounts").get(1).get("flagged").asBoolean()).isFalse();
        String flaggedUser = first.get("username").asString();

        var elsewhere = Citizens.staff(api, "district.admin.394", "secret-pass-123").get("/api/v2/admin/staff/lookups");
        assertThat(elsewhere.json().get("accounts")).isEmpty();
        assertThat(vaccinator.get("/api/v2/admin/staff/lookups").status()).isEqualTo(403);

        PageVisitor page = new PageVisitor(port);
        page.get("/staff/login");
        page.post("/staff/login", Map.of("username", "district.admin.395", "password", "secret-pass-123"));
        var lookups = page.get("/staff/lookups");
        assertThat(lookups.status()).isEqualTo(200);
        assertThat(lookups.body()).contains(flaggedUser).contains("Unusual volume").contains("class=\"flagged\"");

        // An hour later the account may look people up again.
        TestClock.advance(Duration.ofMinutes(61));
        Api later = Citizens.staff(api, first.get("username").asString(), "secret-pass-123");
        assertThat(later.post(MOBILE, byMobile(mobile, "PERSON_PRESENT")).status()).isEqualTo(200);
    }

    private void insertAdmin(String username, String role, int state, int district) {
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id)
                        VALUES (?, ?, ?, ?, ?, ?)""")
                .params(username, passwords.encode("secret-pass-123"), "Admin " + username, role, state, district).update();
    }
}
