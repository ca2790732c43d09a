package org.openvin.notification.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openvin.platform.SecretKeys;
import org.springframework.stereotype.Component;

/**
 * Seals an SMS text for its wait in the outbox: the database must never hold an OTP in clear text.
 * AES-256-GCM with the {@code sms-outbox} key of {@link SecretKeys}, so every node can open what
 * any node sealed. Stored as the 12-byte nonce followed by the ciphertext and tag.
 */
@Component
public class SmsTextCipher {

    private static final SecureRandom random = new SecureRandom();
    private static final int NONCE_BYTES = 12;

    private final SecretKeySpec key;

    SmsTextCipher(SecretKeys keys) {
        this.key = new SecretKeySpec(keys.secret("sms-outbox", 32), 0, 32, "AES");
    }

    public byte[] seal(String text) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String open(byte[] stored) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, stored, 0, NONCE_BYTES));
            return new String(cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("An outbox text cannot be opened: was the sms-outbox key changed?", e);
        }
    }
}
