package org.openvin.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Staff passwords over the API: the stated policy, BCrypt's 72-byte limit, the one-time password an
 * admin's reset gives and the change it forces, and sign-in answers that do not tell whether a
 * username exists.
 */
@OpenVinTest
class StaffPasswordsTest {

    static final String PASSWORD = "correct horse battery";
    static final long CENTRE = 700101;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @BeforeEach
    void aCentreAndANationalAdmin() {
        jdbc.sql("INSERT INTO centre (id, name, state_id, district_id, pincode) VALUES (?, 'Centre', 21, 395, '400080') ON CONFLICT DO NOTHING")
                .param(CENTRE).update();
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role) VALUES ('pw.root', ?, 'Root', 'NATIONAL_ADMIN')
                        ON CONFLICT DO NOTHING""")
                .param(passwords.encode(PASSWORD)).update();
    }

    private Api api() {
        return new Api(port);
    }

    private Api root() {
        return Citizens.staff(api(), "pw.root", PASSWORD);
    }

    private Api.Answer create(String username, String password) {
        return root().post("/api/v2/admin/staff", Map.of("username", username, "password", password, "name", username,
                "role", "VACCINATOR", "center_id", CENTRE));
    }

    private Api.Answer login(String username, String password) {
        return api().post("/api/v2/auth/staff/login", Map.of("username", username, "password", password));
    }

    @Test
    void passwordsFollowTheStatedPolicy() {
        record Refused(String password, String code) {
        }
        for (var refused : List.of(new Refused("short-one", "STAFF0011"), new Refused("x".repeat(129), "STAFF0011"),
                new Refused("Password123!", "STAFF0031"), new Refused("qwertyuiop1234", "STAFF0031"),
                new Refused("aaaaaaaaaaaaaaaa", "STAFF0031"), new Refused("my-name-is-policy.vac!", "STAFF0030"))) {
            var answer = create("policy.vac", refused.password());
            assertThat(answer.status()).as(refused.password()).isEqualTo(400);
            assertThat(answer.json().get("errorCode").asString()).as(refused.password()).isEqualTo(refused.code());
        }
        assertThat(create("policy.vac", "lantern orbit pickle 7").status()).isEqualTo(201);
    }

    @Test
    void everyCharacterOfALongPasswordCountsAndNoneGivesA500() {
        // 90 characters, 130 bytes in UTF-8: BCrypt alone would read only the first 72 bytes.
        String longPassword = "वैक्सीन-".repeat(10) + "tail-end-" + "z".repeat(11);
        assertThat(longPassword.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(72);
        assertThat(create("long.vac", longPassword).status()).isEqualTo(201);
        assertThat(login("long.vac", longPassword).status()).isEqualTo(200);
        String cut = new String(longPassword.getBytes(StandardCharsets.UTF_8), 0, 72, StandardCharsets.UTF_8);
        assertThat(login("long.vac", cut).status()).isEqualTo(401);
        assertThat(login("long.vac", longPassword.replace("z", "y")).status()).as("the end counts too").isEqualTo(401);

        var huge = login("long.vac", "x".repeat(5000));
        assertThat(huge.status()).isEqualTo(401);
        assertThat(huge.json().get("errorCode").asString()).isEqualTo("STAFF0002");
        var tooLongToSet = create("long.vac2", "é".repeat(200));
        assertThat(tooLongToSet.status()).isEqualTo(400);
        assertThat(tooLongToSet.json().get("errorCode").asString()).isEqualTo("STAFF0011");
    }

    @Test
    void hashesMadeBeforeKeepWorkingAndAreUpgradedAtSignIn() {
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id, centre_id)
                        VALUES ('legacy.vac', ?, 'Legacy', 'VACCINATOR', 21, 395, ?)""")
                .params("{bcrypt}" + new BCryptPasswordEncoder().encode("openvin-demo"), CENTRE).update();
        var tooLong = login("legacy.vac", "ü".repeat(60));
        assertThat(tooLong.status()).as("over 72 bytes against an old hash").isEqualTo(401);
        assertThat(login("legacy.vac", "openvin-demo").status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT password_hash FROM staff_account WHERE username = 'legacy.vac'").query(String.class)
                .single()).startsWith("{bcrypt-sha256}");
        assertThat(login("legacy.vac", "openvin-demo").status()).isEqualTo(200);
    }

    @Test
    void unknownUsersAndWrongPasswordsGetTheSameAnswers() {
        assertThat(create("known.vac", PASSWORD).status()).isEqualTo(201);
        List<String> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            var a = login("known.vac", "wrong password " + i);
            known.add(a.status() + " " + a.body() + " " + a.header("Retry-After"));
            var b = login("nobody.at.all", "wrong password " + i);
            unknown.add(b.status() + " " + b.body() + " " + b.header("Retry-After"));
        }
        assertThat(known).isEqualTo(unknown);
        assertThat(known.getFirst()).startsWith("401 ");
        assertThat(known.getLast()).startsWith("429 ");
    }

    @Test
    void anAdminsResetGivesAOneTimePasswordThatMustBeChangedFirst() {
        long id = create("reset.vac", PASSWORD).json().get("id").asLong();
        var reset = root().post("/api/v2/admin/staff/" + id + "/password-reset", Map.of());
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        String oneTime = reset.json().get("one_time_password").asString();
        assertThat(oneTime).hasSize(24);
        assertThat(login("reset.vac", PASSWORD).status()).as("the old password is gone").isEqualTo(401);

        var first = login("reset.vac", oneTime);
        assertThat(first.status()).isEqualTo(403);
        assertThat(first.json().get("errorCode").asString()).isEqualTo("STAFF0032");
        assertThat(first.json().has("token")).isFalse();

        var weak = api().post("/api/v2/auth/staff/password",
                Map.of("username", "reset.vac", "password", oneTime, "new_password", "Password123!"));
        assertThat(weak.json().get("errorCode").asString()).isEqualTo("STAFF0031");
        var wrongCurrent = api().post("/api/v2/auth/staff/password",
                Map.of("username", "reset.vac", "password", "not it at all", "new_password", "lantern orbit pickle 7"));
        assertThat(wrongCurrent.status()).isEqualTo(401);
        var changed = api().post("/api/v2/auth/staff/password",
                Map.of("username", "reset.vac", "password", oneTime, "new_password", "lantern orbit pickle 7"));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(api().bearer(changed.json().get("token").asString()).get("/api/v2/admin/staff").status()).isEqualTo(200);
        assertThat(login("reset.vac", "lantern orbit pickle 7").status()).isEqualTo(200);
        assertThat(login("reset.vac", oneTime).status()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action IN ('STAFF_PASSWORD_RESET', 'STAFF_PASSWORD_CHANGE')")
                .query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void aVaccinatorCannotResetAnybody() {
        long id = create("victim.vac", PASSWORD).json().get("id").asLong();
        create("other.vac", PASSWORD);
        var vaccinator = Citizens.staff(api(), "other.vac", PASSWORD);
        var refused = vaccinator.post("/api/v2/admin/staff/" + id + "/password-reset", Map.of());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(login("victim.vac", PASSWORD).status()).isEqualTo(200);
    }
}
