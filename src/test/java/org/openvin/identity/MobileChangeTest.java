package org.openvin.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.TestSms;
import org.openvin.identity.internal.TestAadhaar;
import org.springframework.boot.test.web.server.LocalServerPort;

@OpenVinTest
class MobileChangeTest {

    @LocalServerPort
    int port;

    @Test
    void anOtpToBothNumbersMovesTheAccountAndItsBeneficiaries() {
        String oldMobile = Citizens.newMobile();
        String newMobile = Citizens.newMobile();
        Api citizen = Citizens.login(new Api(port), oldMobile);
        citizen.post("/api/v2/registration/beneficiary/new", BeneficiaryRegistrationTest.person("Farida", TestAadhaar.next()));
        var sent = citizen.post("/api/v2/registration/mobile/generateOTP", Map.of("new_mobile", newMobile));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        String oldOtp = TestSms.lastOtp(oldMobile);
        String newOtp = TestSms.lastOtp(newMobile);

        var wrong = citizen.post("/api/v2/registration/mobile/confirm", Map.of(
                "old_txnId", sent.json().get("old_txnId").asString(), "old_otp", Citizens.sha256(oldOtp),
                "new_txnId", sent.json().get("new_txnId").asString(), "new_otp", Citizens.sha256(oldOtp.equals(newOtp) ? "x" : oldOtp)));
        assertThat(wrong.status()).isEqualTo(400);

        var changed = citizen.post("/api/v2/registration/mobile/confirm", Map.of(
                "old_txnId", sent.json().get("old_txnId").asString(), "old_otp", Citizens.sha256(oldOtp),
                "new_txnId", sent.json().get("new_txnId").asString(), "new_otp", Citizens.sha256(newOtp)));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        // The old token is gone; logging in with the new number finds the same family.
        assertThat(citizen.get("/api/v2/appointment/beneficiaries").status()).isEqualTo(401);
        Api renewed = new Api(port).bearer(changed.json().get("token").asString());
        assertThat(renewed.get("/api/v2/appointment/beneficiaries").json().get("beneficiaries").get(0).get("name").asString())
                .isEqualTo("Farida");
        Api viaNewNumber = Citizens.login(new Api(port), newMobile);
        assertThat(viaNewNumber.get("/api/v2/appointment/beneficiaries").json().get("beneficiaries")).hasSize(1);
        Api viaOldNumber = Citizens.login(new Api(port), oldMobile);
        assertThat(viaOldNumber.get("/api/v2/appointment/beneficiaries").json().get("beneficiaries")).isEmpty();
    }

    @Test
    void aNumberAlreadyRegisteredOrInvalidIsRefused() {
        String taken = Citizens.newMobile();
        Citizens.login(new Api(port), taken);
        Api citizen = Citizens.login(new Api(port), Citizens.newMobile());
        var refused = citizen.post("/api/v2/registration/mobile/generateOTP", Map.of("new_mobile", taken));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("errorCode").asString()).isEqualTo("USRAUT0032");
        var invalid = citizen.post("/api/v2/registration/mobile/generateOTP", Map.of("new_mobile", "123"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errorCode").asString()).isEqualTo("USRAUT0010");
    }
}
