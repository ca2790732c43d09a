package org.openvin.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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
                assertThat(row).as("a row of " + table).doesNotContain(aadhaar).doesNotContain(otp)
                        .doesNotContain(Citizens.sha256(otp));
            }
        }
        assertThat(output.getAll()).doesNotContain(aadhaar).doesNotContain(otp);
    }
}
