package org.openvin.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.TestClock;
import org.openvin.platform.ApiException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Failed staff sign-ins slow the attacker without keeping the real user out: the sign-in use case
 * called with the client addresses an attacker and the account's owner would come from, the
 * clock moved past each wait so that every guess is really checked.
 */
@OpenVinTest
class SignInDelaysTest {

    static final String PASSWORD = "correct horse battery";
    static final String ATTACKER = "203.0.113.66";
    static final String OFFICE = "198.51.100.10";
    static final String HOTEL = "198.51.100.99";

    @Autowired
    StaffLogin login;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @LocalServerPort
    int port;

    @BeforeEach
    void accounts() {
        for (String name : new String[]{"target.admin", "delays.root"}) {
            jdbc.sql("""
                            INSERT INTO staff_account (username, password_hash, name, role) VALUES (?, ?, ?, 'NATIONAL_ADMIN')
                            ON CONFLICT DO NOTHING""")
                    .params(name, passwords.encode(PASSWORD), name).update();
        }
        jdbc.sql("""
                        INSERT INTO staff_account (username, password_hash, name, role, state_id, district_id, centre_id)
                        VALUES ('target.vac', ?, 'Target', 'VACCINATOR', 21, 395, 700201) ON CONFLICT DO NOTHING""")
                .param(passwords.encode(PASSWORD)).update();
        jdbc.sql("DELETE FROM staff_sign_in_failure").update();
        jdbc.sql("DELETE FROM staff_known_address").update();
    }

    @AfterEach
    void clock() {
        TestClock.reset();
    }

    private static String code(Runnable attempt) {
        try {
            attempt.run();
            return "OK";
        } catch (ApiException e) {
            return e.errorCode();
        }
    }

    /** Guesses from one address, each after the wait the previous one started, so each is checked. */
    private int guesses(String address, int count) {
        int checked = 0;
        for (int i = 0; i < count; i++) {
            String answer = code(() -> login.login("target.admin", "guess number " + Math.random(), address));
            if (answer.equals("STAFF0033")) {
                TestClock.advance(Duration.ofMinutes(15).plusSeconds(1));
                answer = code(() -> login.login("target.admin", "guess again " + Math.random(), address));
            }
            assertThat(answer).isEqualTo("STAFF0002");
            checked++;
        }
        return checked;
    }

    @Test
    void oneAddressGuessingOneAccountWaitsLongerAndLongerUpToTheCap() {
        for (int i = 0; i < 3; i++) {
            assertThat(code(() -> login.login("target.admin", "wrong", ATTACKER))).isEqualTo("STAFF0002");
        }
        Duration previous = Duration.ZERO;
        for (int i = 0; i < 12; i++) {
            assertThat(code(() -> login.login("target.admin", "wrong", ATTACKER))).isEqualTo("STAFF0002");
            var wait = catchSlowDown(() -> login.login("target.admin", "wrong", ATTACKER));
            assertThat(wait).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(Duration.ofMinutes(15));
            // Attempts refused during a wait are not counted: sending more does not make it longer.
            assertThat(catchSlowDown(() -> login.login("target.admin", "wrong", ATTACKER))).isLessThanOrEqualTo(wait);
            previous = wait;
            TestClock.advance(wait.plusSeconds(1));
        }
        assertThat(previous).isEqualTo(Duration.ofMinutes(15));
        // The right password from the same address gets in once the wait is over.
        assertThat(code(() -> login.login("target.admin", PASSWORD, ATTACKER))).isEqualTo("OK");
    }

    @Test
    void theOwnerGetsInFromTheirUsualAddressWhileTheAttackerIsWaiting() {
        assertThat(code(() -> login.login("target.admin", PASSWORD, OFFICE))).isEqualTo("OK");
        assertThat(guesses(ATTACKER, 20)).isEqualTo(20);
        assertThat(code(() -> login.login("target.admin", "wrong", ATTACKER))).isEqualTo("STAFF0033");
        assertThat(code(() -> login.login("target.admin", PASSWORD, ATTACKER))).as("the attacker's address waits")
                .isEqualTo("STAFF0033");
        assertThat(code(() -> login.login("target.admin", PASSWORD, OFFICE))).as("the owner does not").isEqualTo("OK");
    }

    @Test
    void manyAddressesSlowTheAccountForAtMostAMinuteEvenForTheOwnerAwayFromTheOffice() {
        for (int a = 0; a < 11; a++) {
            String address = "203.0.113." + (100 + a);
            assertThat(code(() -> login.login("target.admin", "wrong", address))).isEqualTo("STAFF0002");
        }
        // Eleven failures from eleven addresses: the account as a whole waits, the owner too when
        // away from any address they signed in from, but never longer than the cap.
        Duration wait = catchSlowDown(() -> login.login("target.admin", PASSWORD, HOTEL));
        assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
        TestClock.advance(wait.plusSeconds(1));
        assertThat(code(() -> login.login("target.admin", PASSWORD, HOTEL))).isEqualTo("OK");
    }

    @Test
    void oneAddressTryingManyAccountsIsSlowedForAllOfThem() {
        for (int i = 0; i < 50; i++) {
            int n = i;
            assertThat(code(() -> login.login("user" + n, "wrong", ATTACKER))).isEqualTo("STAFF0002");
        }
        assertThat(code(() -> login.login("someone.else", "wrong", ATTACKER))).isEqualTo("STAFF0002");
        assertThat(code(() -> login.login("target.admin", PASSWORD, ATTACKER))).isEqualTo("STAFF0033");
        assertThat(code(() -> login.login("target.admin", PASSWORD, OFFICE))).as("other addresses are not slowed")
                .isEqualTo("OK");
    }

    @Test
    void waitsAreAuditedAndShownToAdminsWhoseResetEndsThem() {
        for (int i = 0; i < 5; i++) {
            code(() -> login.login("target.vac", "wrong", ATTACKER));
        }
        assertThat(code(() -> login.login("target.vac", PASSWORD, ATTACKER))).isEqualTo("STAFF0033");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'STAFF_LOGIN_DELAYED'").query(Integer.class)
                .single()).isPositive();

        Api root = Citizens.staff(new Api(port), "delays.root", PASSWORD);
        var delays = root.get("/api/v2/admin/staff/sign-in-delays");
        assertThat(delays.status()).isEqualTo(200);
        assertThat(delays.body()).contains("target.vac", ATTACKER, "ACCOUNT_ADDRESS");
        var accounts = root.get("/api/v2/admin/staff").json().get("staff");
        var target = java.util.stream.StreamSupport.stream(accounts.spliterator(), false)
                .filter(a -> a.get("username").asString().equals("target.vac")).findFirst().orElseThrow();
        assertThat(target.has("sign_in_delayed_until")).isTrue();

        long id = target.get("id").asLong();
        String oneTime = root.post("/api/v2/admin/staff/" + id + "/password-reset", Map.of()).json()
                .get("one_time_password").asString();
        assertThat(code(() -> login.login("target.vac", oneTime, ATTACKER))).as("no wait left, a change to make")
                .isEqualTo("STAFF0032");
    }

    private static Duration catchSlowDown(Runnable attempt) {
        var thrown = org.assertj.core.api.Assertions.catchThrowableOfType(SignInThrottle.SlowDown.class, attempt::run);
        assertThat(thrown).as("a wait").isNotNull();
        return Duration.ofSeconds(thrown.retryAfterSeconds());
    }

    @Test
    void badInputIsABadRequest() {
        assertThatThrownBy(() -> login.login(" ", "x", ATTACKER)).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).errorCode()).isEqualTo("STAFF0001");
    }
}
