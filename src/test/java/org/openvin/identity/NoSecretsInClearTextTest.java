package org.openvin.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.TestSms;
import org.openvin.identity.internal.TestAadhaar;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Looks through every table and the log for an OTP and a photo-ID number in clear text. */
@OpenVinTest
@ExtendWith(OutputCaptureExtension.class)
class NoSecretsInClearTextTest {

    /**
     * A time of day in a row's or a log line's text, fraction included: a timestamp's six-digit
     * microseconds once held the six-digit OTP by chance ("20:38:46.085948").
     */
    private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?");

    /** The OTP as a number of its own, not six digits inside a longer one (a reference id, an account id). */
    private static boolean holdsOtp(String text, String otp) {
        String untimed = TIME.matcher(text).replaceAll("<time>");
        return Pattern.compile("(?<![0-9])" + Pattern.quote(otp) + "(?![0-9])").matcher(untimed).find();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void neitherTheOtpNorTheIdNumberIsStoredOrLogged(CapturedOutput output) {
        String mobile = Citizens.newMobile();
        Api api = new Api(port);
        String txnId = api.post("/api/v2/auth/generateOTP", Map.of("mobile", mobile)).json().get("txnId").asString();
        String otp = TestSms.lastOtp(mobile);
        // A wrong try too, so the failure path is looked at as well.
        api.post("/api/v2/auth/confirmOTP", Map.of("otp", Citizens.sha256(otp.equals("999999") ? "111111" : "999999"), "txnId", txnId));
        var token = api.post("/api/v2/auth/confirmOTP", Map.of("otp", Citizens.sha256(otp), "txnId", txnId));
        Api citizen = api.bearer(token.json().get("token").asString());
        String aadhaar = TestAadhaar.next();
        assertThat(citizen.post("/api/v2/registration/beneficiary/new",
                BeneficiaryRegistrationTest.person("Sunita", aadhaar)).status()).isEqualTo(200);
        citizen.post("/api/v2/registration/beneficiary/new", BeneficiaryRegistrationTest.person("Sunita", aadhaar));

        List<String> tables = jdbc.sql("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
                .query(String.class).list();
        assertThat(tables).contains("otp_transaction", "beneficiary", "audit_event");
        for (String table : tables) {
            List<String> rows = jdbc.sql("SELECT t::text FROM " + table + " t").query(String.class).list();
            for (String row : rows) {
                assertThat(row).as("a row of " + table).doesNotContain(aadhaar).doesNotContain(Citizens.sha256(otp));
                assertThat(holdsOtp(row, otp)).as("the OTP %s in a row of %s: %s", otp, table, row).isFalse();
            }
        }
        assertThat(output.getAll()).doesNotContain(aadhaar);
        assertThat(holdsOtp(output.getAll(), otp)).as("the OTP %s in the log", otp).isFalse();
        // The check itself: it finds the OTP where it stands alone, and not inside a time or a longer number.
        assertThat(holdsOtp("sent " + otp + " to", otp)).isTrue();
        assertThat(holdsOtp("20:38:46." + otp + "+00", otp)).isFalse();
        assertThat(holdsOtp("4" + otp + "7", otp)).isFalse();
    }
}
