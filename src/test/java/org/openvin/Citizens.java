package org.openvin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Test citizens: fresh mobile numbers and the OTP login a real app would do. */
public final class Citizens {

    private static final AtomicLong next = new AtomicLong(9_000_000_000L + (System.nanoTime() % 100_000_000L));

    private Citizens() {
    }

    /** A mobile number no other test uses (India pattern: 10 digits starting 6-9). */
    public static String newMobile() {
        return String.valueOf(next.incrementAndGet());
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Logs in by OTP and returns an API client carrying the citizen's token. */
    public static Api login(Api api, String mobile) {
        var sent = api.post("/api/v2/auth/generateOTP", Map.of("mobile", mobile));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        String txnId = sent.json().get("txnId").asString();
        var confirmed = api.post("/api/v2/auth/confirmOTP",
                Map.of("otp", sha256(TestSms.lastOtp(mobile)), "txnId", txnId));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        return api.bearer(confirmed.json().get("token").asString());
    }

    public static Api staff(Api api, String username, String password) {
        var answer = api.post("/api/v2/auth/staff/login", Map.of("username", username, "password", password));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return api.bearer(answer.json().get("token").asString());
    }
}
