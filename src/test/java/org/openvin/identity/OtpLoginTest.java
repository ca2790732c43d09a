package org.openvin.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.TestClock;
import org.openvin.TestSms;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@OpenVinTest
class OtpLoginTest {

    @LocalServerPort
    int port;

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    private Api api() {
        return new Api(port);
    }

    private String generate(String path, String mobile) {
        var answer = api().post(path, Map.of("mobile", mobile, "secret", "U2FsdGVkX1+anything"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("txnId").asString();
    }

    @Test
    void fullJourneyIssuesAFifteenMinuteJwtThatLogoutKills() {
        String mobile = Citizens.newMobile();
        String txnId = generate("/api/v2/auth/public/generateOTP", mobile);
        assertThat(TestSms.messagesTo(mobile)).hasSize(1);
        var confirmed = api().post("/api/v2/auth/public/confirmOTP",
                Map.of("otp", Citizens.sha256(TestSms.lastOtp(mobile)), "txnId", txnId));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.json().propertyNames()).containsExactly("token");
        String token = confirmed.json().get("token").asString();
        JsonNode claims = Api.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(15 * 60);

        Api citizen = api().bearer(token);
        assertThat(citizen.get("/api/v2/appointment/beneficiaries").status()).isEqualTo(200);
        assertThat(citizen.get("/api/v2/auth/logout").status()).isEqualTo(200);
        var afterLogout = citizen.get("/api/v2/appointment/beneficiaries");
        assertThat(afterLogout.status()).isEqualTo(401);
        assertThat(afterLogout.json().get("error").asString()).isEqualTo("Unauthenticated access!");
    }

    @Test
    void protectedAndPortalVariantsSayWhetherTheAccountIsNew() {
        String mobile = Citizens.newMobile();
        String first = generate("/api/v2/auth/generateOTP", mobile);
        var one = api().post("/api/v2/auth/confirmOTP", Map.of("otp", Citizens.sha256(TestSms.lastOtp(mobile)), "txnId", first));
        assertThat(one.json().get("isNewAccount").asString()).isEqualTo("Y");
        String second = generate("/api/v2/auth/generateMobileOTP", mobile);
        var two = api().post("/api/v2/auth/validateMobileOtp", Map.of("otp", Citizens.sha256(TestSms.lastOtp(mobile)), "txnId", second));
        assertThat(two.status()).as(two.body()).isEqualTo(200);
        assertThat(two.json().get("isNewAccount").asString()).isEqualTo("N");
        assertThat(two.json().get("token").asString()).isNotBlank();
    }

    @Test
    void portalVariantAcceptsNoSecretAtAll() {
        var answer = api().post("/api/v2/auth/generateMobileOTP", Map.of("mobile", Citizens.newMobile()));
        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void plainDigitsAreAnInvalidOtp() {
        String mobile = Citizens.newMobile();
        String txnId = generate("/api/v2/auth/generateOTP", mobile);
        var answer = api().post("/api/v2/auth/confirmOTP", Map.of("otp", TestSms.lastOtp(mobile), "txnId", txnId));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("errorCode").asString()).isEqualTo("USRAUT0014");
    }

    @Test
    void anOtpExpiresAfterThreeMinutes() {
        String mobile = Citizens.newMobile();
        String txnId = generate("/api/v2/auth/generateOTP", mobile);
        String otp = TestSms.lastOtp(mobile); // received in time, then the citizen waits too long
        TestClock.advance(Duration.ofMinutes(3).plusSeconds(1));
        var answer = api().post("/api/v2/auth/confirmOTP", Map.of("otp", Citizens.sha256(otp), "txnId", txnId));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("errorCode").asString()).isEqualTo("USRAUT0015");
    }

    @Test
    void anOtpTheGatewayCouldNotSendInTimeIsReportedAsSuch() {
        String mobile = Citizens.newMobile();
        TestSms.unreachable(mobile);
        String txnId = generate("/api/v2/auth/generateOTP", mobile);
        TestClock.advance(Duration.ofMinutes(3).plusSeconds(1));
        // Until the dispatcher has given the SMS up the OTP is only expired; then the answer says why.
        var answer = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> api().post("/api/v2/auth/confirmOTP", Map.of("otp", Citizens.sha256("123456"), "txnId", txnId)),
                a -> "USRAUT0021".equals(a.json().get("errorCode").asString()));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").asString()).contains("could not be delivered");
        assertThat(TestSms.messagesTo(mobile)).isEmpty();
    }

    @Test
    void theThirdWrongTryKillsTheOtp() {
        String mobile = Citizens.newMobile();
        String txnId = generate("/api/v2/auth/generateOTP", mobile);
        String wrong = Citizens.sha256("000000".equals(TestSms.lastOtp(mobile)) ? "111111" : "000000");
        var first = api().post("/api/v2/auth/confirmOTP", Map.of("otp", wrong, "txnId", txnId));
        assertThat(first.json().get("errorCode").asString()).isEqualTo("USRAUT0014");
        assertThat(first.json().get("error").asString()).contains("2 tries left");
        api().post("/api/v2/auth/confirmOTP", Map.of("otp", wrong, "txnId", txnId));
        var third = api().post("/api/v2/auth/confirmOTP", Map.of("otp", wrong, "txnId", txnId));
        assertThat(third.status()).isEqualTo(400);
        assertThat(third.json().get("errorCode").asString()).isEqualTo("USRAUT0017");
        var right = api().post("/api/v2/auth/confirmOTP", Map.of("otp", Citizens.sha256(TestSms.lastOtp(mobile)), "txnId", txnId));
        assertThat(right.status()).isEqualTo(400);
        assertThat(right.json().get("errorCode").asString()).isEqualTo("USRAUT0017");
    }

    @Test
    void anOtpWorksOnlyOnce() {
        String mobile = Citizens.newMobile();
        String txnId = generate("/api/v2/auth/generateOTP", mobile);
        var body = Map.of("otp", Citizens.sha256(TestSms.lastOtp(mobile)), "txnId", txnId);
        assertThat(api().post("/api/v2/auth/confirmOTP", body).status()).isEqualTo(200);
        var again = api().post("/api/v2/auth/confirmOTP", body);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("errorCode").asString()).isEqualTo("USRAUT0016");
    }

    @Test
    void aTokenUsedAfterItsExpiryIsRefused() {
        Api citizen = Citizens.login(api(), Citizens.newMobile());
        assertThat(citizen.get("/api/v2/appointment/beneficiaries").status()).isEqualTo(200);
        TestClock.advance(Duration.ofMinutes(15).plusSeconds(1));
        var answer = citizen.get("/api/v2/appointment/beneficiaries");
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().get("error").asString()).isEqualTo("Unauthenticated access!");
    }

    @Test
    void forgedAndMissingTokensAre401() {
        assertThat(api().get("/api/v2/appointment/beneficiaries").status()).isEqualTo(401);
        assertThat(api().bearer("not-a-jwt").get("/api/v2/appointment/beneficiaries").status()).isEqualTo(401);
        String forged = "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIiwidHlwIjoiY2l0aXplbiJ9.";
        assertThat(api().bearer(forged).get("/api/v2/appointment/beneficiaries").status()).isEqualTo(401);
    }

    @Test
    void badInputsGetClear400s() {
        var badMobile = api().post("/api/v2/auth/generateOTP", Map.of("mobile", "12345"));
        assertThat(badMobile.status()).isEqualTo(400);
        assertThat(badMobile.json().get("errorCode").asString()).isEqualTo("USRAUT0010");
        var noMobile = api().post("/api/v2/auth/generateOTP", Map.of());
        assertThat(noMobile.json().get("errorCode").asString()).isEqualTo("USRAUT0010");
        var badTxn = api().post("/api/v2/auth/confirmOTP", Map.of("otp", Citizens.sha256("123456"), "txnId", "nope"));
        assertThat(badTxn.status()).isEqualTo(400);
        assertThat(badTxn.json().get("errorCode").asString()).isEqualTo("USRAUT0020");
        var unreadable = api().post("/api/v2/auth/generateOTP", "{\"mobile\":");
        assertThat(unreadable.status()).isEqualTo(400);
        assertThat(unreadable.json().get("errorCode").asString()).isEqualTo("INVALID_BODY");
        var wrongType = api().post("/api/v2/auth/generateOTP", "[1,2]");
        assertThat(wrongType.status()).isEqualTo(400);
        var wrongMethod = api().get("/api/v2/auth/generateOTP");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().get("errorCode").asString()).isEqualTo("METHOD_NOT_ALLOWED");
        var unknown = api().get("/api/v2/no/such/thing");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("errorCode").asString()).isEqualTo("NOT_FOUND");
    }
}
