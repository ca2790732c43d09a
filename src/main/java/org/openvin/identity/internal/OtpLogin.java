package org.openvin.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openvin.notification.OutgoingSms;
import org.openvin.notification.SmsOutbox;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.platform.SecretKeys;
import org.openvin.profile.CountryProfile;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Mobile OTP: a 6-digit code by SMS, kept only as a keyed hash, valid for a few minutes, dead
 * after three wrong tries, sent no more often than {@link OtpSendLimits} allows (per mobile, per
 * address, and the SMS budget of all nodes). Clients confirm with the lower-case SHA-256 hex of the digits, never the digits themselves.
 * The SMS is queued in the transaction that stores the OTP and expires with it: one the gateway
 * could not send in time is reported as such ({@code USRAUT0021}) instead of as a wrong or
 * expired OTP.
 */
@Service
class OtpLogin {

    record Sent(UUID txnId) {
    }

    private static final SecureRandom random = new SecureRandom();
    static final int MAX_WRONG_TRIES = 3;

    private final JdbcClient jdbc;
    private final SmsOutbox sms;
    private final CountryProfile profile;
    private final AuditTrail audit;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Duration validity;
    private final OtpSendLimits limits;
    private final TransactionTemplate transaction;

    OtpLogin(JdbcClient jdbc, SmsOutbox sms, CountryProfile profile, AuditTrail audit, Clock clock, SecretKeys keys,
             OtpSendLimits limits, TransactionTemplate transaction,
             @Value("${openvin.otp.validity:3m}") Duration validity) {
        this.jdbc = jdbc;
        this.sms = sms;
        this.profile = profile;
        this.audit = audit;
        this.clock = clock;
        this.key = new SecretKeySpec(keys.secret("otp-hmac", 32), "HmacSHA256");
        this.validity = validity;
        this.limits = limits;
        this.transaction = transaction;
    }

    /**
     * Sends an OTP to {@code mobile}, asked from {@code address}. The mobile's wait is checked
     * first (a refused request costs nothing), then the address's and the gateway's buckets are
     * taken, each in a short transaction of bucket4j's own; the OTP's transaction then holds the
     * mobile's lock, the wait checked once more (two nodes may race), the OTP row and its SMS in
     * the outbox. Not run inside a caller's transaction, so no request holds two connections.
     */
    Sent send(String mobile, String purpose, String messagePrefix, String address) {
        requireMobile(mobile);
        limits.requireMobileWaitOver(mobile);
        limits.take(address, mask(mobile));
        Sent sent = transaction.execute(status -> {
            // Serialise sends per mobile so the wait cannot be raced past.
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?))").param("otp:" + mobile).query(Object.class).single();
            limits.requireMobileWaitOver(mobile);
            return store(mobile, purpose, messagePrefix);
        });
        limits.sent();
        return sent;
    }

    private Sent store(String mobile, String purpose, String messagePrefix) {
        Instant now = clock.instant();
        String otp = String.format("%06d", random.nextInt(1_000_000));
        UUID txnId = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO otp_transaction (txn_id, mobile, purpose, otp_hash, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?)""")
                .params(txnId, mobile, purpose, hash(txnId, sha256Hex(otp)), Timestamp.from(now),
                        Timestamp.from(now.plus(validity)))
                .update();
        sms.enqueue(new OutgoingSms(mobile, messagePrefix + otp + ". It is valid for " + validity.toMinutes() + " minutes. - OpenVIN",
                OutgoingSms.Kind.OTP, smsReference(txnId), now.plus(validity)));
        return new Sent(txnId);
    }

    /**
     * Confirms an OTP and returns the mobile it was sent to. A wrong OTP counts against the
     * transaction even though the request fails, hence the separate commit of the count.
     */
    @Transactional(noRollbackFor = ApiException.class)
    String confirm(String txnIdText, String otpHash, String purpose) {
        String mobile = check(txnIdText, otpHash, purpose);
        markUsed(txnIdText);
        return mobile;
    }

    /**
     * Checks an OTP without using it up (a wrong one is counted), for flows that need two OTPs
     * right before either is spent.
     */
    @Transactional(noRollbackFor = ApiException.class)
    String check(String txnIdText, String otpHash, String purpose) {
        UUID txnId = parseTxn(txnIdText);
        if (otpHash == null || !otpHash.matches("[0-9a-f]{64}")) {
            throw ApiException.badRequest("USRAUT0014", "Invalid OTP");
        }
        var txn = jdbc.sql("""
                        SELECT mobile, otp_hash, expires_at, failed_tries, confirmed_at FROM otp_transaction
                        WHERE txn_id = ? AND purpose = ? FOR UPDATE""")
                .params(txnId, purpose)
                .query((rs, n) -> new Txn(rs.getString("mobile"), rs.getString("otp_hash"),
                        rs.getTimestamp("expires_at").toInstant(), rs.getInt("failed_tries"),
                        rs.getTimestamp("confirmed_at") != null))
                .optional()
                .orElseThrow(() -> ApiException.badRequest("USRAUT0020", "Unknown or invalid txnId; request a new OTP"));
        if (txn.confirmed()) {
            throw ApiException.badRequest("USRAUT0016", "This OTP has already been used; request a new one");
        }
        if (txn.failedTries() >= MAX_WRONG_TRIES) {
            throw ApiException.badRequest("USRAUT0017", "Too many wrong attempts for this OTP; request a new one");
        }
        if (!clock.instant().isBefore(txn.expiresAt())) {
            refuseIfNeverDelivered(txnId);
            throw ApiException.badRequest("USRAUT0015", "The OTP has expired; request a new one");
        }
        if (!MessageDigest.isEqual(hash(txnId, otpHash).getBytes(StandardCharsets.US_ASCII),
                txn.otpHash().getBytes(StandardCharsets.US_ASCII))) {
            jdbc.sql("UPDATE otp_transaction SET failed_tries = failed_tries + 1 WHERE txn_id = ?").param(txnId).update();
            int left = MAX_WRONG_TRIES - txn.failedTries() - 1;
            audit.record(new AuditTrail.Actor("mobile:" + mask(txn.mobile()), "CITIZEN"), "OTP_WRONG", "otp:" + txnId,
                    left + " tries left");
            refuseIfNeverDelivered(txnId);
            if (left <= 0) {
                throw ApiException.badRequest("USRAUT0017", "Too many wrong attempts for this OTP; request a new one");
            }
            throw ApiException.badRequest("USRAUT0014", "Invalid OTP (" + left + (left == 1 ? " try" : " tries") + " left)");
        }
        return txn.mobile();
    }

    /**
     * Asked only when the answer would otherwise blame the citizen (wrong or expired OTP), so the
     * right answer costs no extra query.
     */
    private void refuseIfNeverDelivered(UUID txnId) {
        if (sms.couldNotDeliver(smsReference(txnId))) {
            throw ApiException.badRequest("USRAUT0021", "The OTP could not be delivered by SMS; request a new one");
        }
    }

    private static String smsReference(UUID txnId) {
        return "otp:" + txnId;
    }

    void markUsed(String txnIdText) {
        jdbc.sql("UPDATE otp_transaction SET confirmed_at = ? WHERE txn_id = ?")
                .params(Timestamp.from(clock.instant()), parseTxn(txnIdText)).update();
    }

    private record Txn(String mobile, String otpHash, Instant expiresAt, int failedTries, boolean confirmed) {
    }

    void requireMobile(String mobile) {
        if (!profile.isValidMobile(mobile)) {
            throw ApiException.badRequest("USRAUT0010", "Please enter a valid mobile number");
        }
    }

    private static UUID parseTxn(String text) {
        try {
            return UUID.fromString(text == null ? "" : text.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("USRAUT0020", "Unknown or invalid txnId; request a new OTP");
        }
    }

    private String hash(UUID txnId, String otpSha256Hex) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal((txnId + ":" + otpSha256Hex).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String mask(String mobile) {
        return mobile.length() <= 4 ? mobile : "X".repeat(mobile.length() - 4) + mobile.substring(mobile.length() - 4);
    }
}
