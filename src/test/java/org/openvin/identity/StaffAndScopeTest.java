package org.openvin.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.TestClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

@OpenVinTest
class StaffAndScopeTest {

    static final String PASSWORD = "correct horse battery";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    static final long CENTRE_A = 700001;
    static final long CENTRE_B = 700002;

    @BeforeEach
    void twoCentresAndANationalAdmin() {
        for (long id : new long[]{CENTRE_A, CENTRE_B}) {
            jdbc.sql("""
                            INSERT INTO centre (id, name, state_id, district_id, pincode) VALUES (?, ?, 21, ?, '400080')
                            ON CONFLICT DO NOTHING""")
                    .params(id, "Centre " + id, id == CENTRE_A ? 395 : 363).update();
        }
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role) VALUES ('root', ?, 'Root', 'NATIONAL_ADMIN')
                        ON CONFLICT DO NOTHING""")
                .param(passwords.encode(PASSWORD)).update();
    }

    private Api api() {
        return new Api(port);
    }

    private Api root() {
        return Citizens.staff(api(), "root", PASSWORD);
    }

    private static Map<String, Object> staff(String username, String role, Object... place) {
        Map<String, Object> body = new HashMap<>(Map.of("username", username, "password", PASSWORD, "name", username,
                "role", role));
        for (int i = 0; i < place.length; i += 2) {
            body.put((String) place[i], place[i + 1]);
        }
        return body;
    }

    private int refusalsAudited(String action) {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = ? AND outcome = 'REFUSED'").param(action)
                .query(Integer.class).single();
    }

    @Test
    void loginAnswersRoleAndScope() {
        var created = root().post("/api/v2/admin/staff", staff("vac.a", "VACCINATOR", "center_id", CENTRE_A));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var login = api().post("/api/v2/auth/staff/login", Map.of("username", "vac.a", "password", PASSWORD));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("role").asString()).isEqualTo("VACCINATOR");
        assertThat(login.json().get("scope").get("center_id").asLong()).isEqualTo(CENTRE_A);
        assertThat(login.json().get("scope").get("district_id").asInt()).isEqualTo(395);
        String hash = jdbc.sql("SELECT password_hash FROM staff_account WHERE username = 'vac.a'").query(String.class).single();
        assertThat(hash).startsWith("{bcrypt-sha256}").doesNotContain(PASSWORD);
    }

    @Test
    void wrongPasswordsSlowDownTheNextAttemptsButNeverLockTheAccount() {
        root().post("/api/v2/admin/staff", staff("slowed.one", "VACCINATOR", "center_id", CENTRE_A));
        for (int i = 0; i < 4; i++) {
            var wrong = api().post("/api/v2/auth/staff/login", Map.of("username", "slowed.one", "password", "nope"));
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.json().get("errorCode").asString()).isEqualTo("STAFF0002");
        }
        var waiting = api().post("/api/v2/auth/staff/login", Map.of("username", "slowed.one", "password", PASSWORD));
        assertThat(waiting.status()).isEqualTo(429);
        assertThat(waiting.json().get("errorCode").asString()).isEqualTo("STAFF0033");
        assertThat(Long.parseLong(waiting.header("Retry-After"))).isBetween(1L, 2L);

        TestClock.advance(Duration.ofSeconds(2));
        try {
            var in = api().post("/api/v2/auth/staff/login", Map.of("username", "slowed.one", "password", PASSWORD));
            assertThat(in.status()).as("the right password gets in once the wait is over").isEqualTo(200);
        } finally {
            TestClock.reset();
        }
    }

    @Test
    void aDistrictAdminCannotCreateANationalAdminAndTheAttemptIsAudited() {
        assertThat(root().post("/api/v2/admin/staff", staff("dist.mumbai", "DISTRICT_ADMIN", "district_id", 395)).status())
                .isEqualTo(201);
        Api district = Citizens.staff(api(), "dist.mumbai", PASSWORD);
        int before = refusalsAudited("STAFF_CREATE");
        var refused = district.post("/api/v2/admin/staff", staff("evil.root", "NATIONAL_ADMIN"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("errorCode").asString()).isEqualTo("STAFF0020");
        assertThat(refusalsAudited("STAFF_CREATE")).isEqualTo(before + 1);
        assertThat(jdbc.sql("SELECT count(*) FROM staff_account WHERE username = 'evil.root'").query(Integer.class).single())
                .isZero();
        // Inside its own district it may create facility staff; outside, not.
        assertThat(district.post("/api/v2/admin/staff", staff("fa.a", "FACILITY_ADMIN", "center_id", CENTRE_A)).status())
                .isEqualTo(201);
        var outside = district.post("/api/v2/admin/staff", staff("fa.b", "FACILITY_ADMIN", "center_id", CENTRE_B));
        assertThat(outside.status()).isEqualTo(403);
        assertThat(outside.json().get("errorCode").asString()).isEqualTo("STAFF0021");
        assertThat(refusalsAudited("STAFF_CREATE")).isEqualTo(before + 2);
    }

    @Test
    void aFacilityAdminOfACannotActOnFacilityB() {
        root().post("/api/v2/admin/staff", staff("fadmin.a", "FACILITY_ADMIN", "center_id", CENTRE_A));
        Api facilityA = Citizens.staff(api(), "fadmin.a", PASSWORD);
        var refused = facilityA.post("/api/v2/admin/staff", staff("vac.b", "VACCINATOR", "center_id", CENTRE_B));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(facilityA.post("/api/v2/admin/staff", staff("vac.a2", "VACCINATOR", "center_id", CENTRE_A)).status())
                .isEqualTo(201);
        long vacB = root().post("/api/v2/admin/staff", staff("vac.b2", "VACCINATOR", "center_id", CENTRE_B)).json()
                .get("id").asLong();
        int before = refusalsAudited("STAFF_DISABLE");
        assertThat(facilityA.post("/api/v2/admin/staff/" + vacB + "/disable", "").status()).isEqualTo(403);
        assertThat(refusalsAudited("STAFF_DISABLE")).isEqualTo(before + 1);
    }

    @Test
    void aDisabledAccountCannotLogIn() {
        long id = root().post("/api/v2/admin/staff", staff("leaver", "VACCINATOR", "center_id", CENTRE_A)).json()
                .get("id").asLong();
        assertThat(root().post("/api/v2/admin/staff/" + id + "/disable", "").status()).isEqualTo(200);
        var login = api().post("/api/v2/auth/staff/login", Map.of("username", "leaver", "password", PASSWORD));
        assertThat(login.status()).isEqualTo(403);
        assertThat(login.json().get("errorCode").asString()).isEqualTo("STAFF0004");
    }

    @Test
    void staffAndCitizenTokensAreNotInterchangeable() {
        Api staff = root();
        assertThat(staff.get("/api/v2/appointment/beneficiaries").status()).isEqualTo(403);
        Api citizen = Citizens.login(api(), Citizens.newMobile());
        assertThat(citizen.get("/api/v2/admin/staff").status()).isEqualTo(403);
        assertThat(citizen.post("/api/v2/admin/staff", staff("x.y", "VACCINATOR", "center_id", CENTRE_A)).status())
                .isEqualTo(403);
    }

    @Test
    void badStaffInputsGetErrorCodes() {
        Api root = root();
        assertThat(root.post("/api/v2/admin/staff", staff("a", "VACCINATOR", "center_id", CENTRE_A)).json()
                .get("errorCode").asString()).isEqualTo("STAFF0010");
        assertThat(root.post("/api/v2/admin/staff", staff("good.name", "EMPEROR")).json()
                .get("errorCode").asString()).isEqualTo("STAFF0013");
        assertThat(root.post("/api/v2/admin/staff", staff("good.name", "VACCINATOR", "center_id", 1)).json()
                .get("errorCode").asString()).isEqualTo("STAFF0017");
        assertThat(root.post("/api/v2/admin/staff", staff("good.name", "STATE_ADMIN", "state_id", 999)).json()
                .get("errorCode").asString()).isEqualTo("STAFF0015");
        root.post("/api/v2/admin/staff", staff("twice", "STATE_ADMIN", "state_id", 21));
        var taken = root.post("/api/v2/admin/staff", staff("twice", "STATE_ADMIN", "state_id", 21));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(api().post("/api/v2/auth/staff/login", Map.of()).json().get("errorCode").asString())
                .isEqualTo("STAFF0001");
        assertThat(root.post("/api/v2/admin/staff/abc/disable", "").status()).isEqualTo(400);
    }

    @Test
    void theAuditTrailIsAppendOnly() {
        root();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'STAFF_LOGIN'").query(Integer.class).single())
                .isPositive();
        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_event SET action = 'X'").update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_event").update())
                .hasMessageContaining("append-only");
    }
}
