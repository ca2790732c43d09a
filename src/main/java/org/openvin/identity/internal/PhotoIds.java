package org.openvin.identity.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openvin.platform.ApiException;
import org.openvin.platform.SecretKeys;
import org.openvin.profile.CountryProfile;
import org.openvin.profile.ProfileDocument.IdType;
import org.springframework.stereotype.Component;

/**
 * Photo-ID numbers: validated by the profile's pattern and checksum, then kept only as a keyed
 * hash (HMAC-SHA-256, for population-wide duplicate matching), AES-GCM ciphertext and a masked
 * form. Both keys live outside the database ({@link SecretKeys}).
 */
@Component
class PhotoIds {

    record Protected(String hash, String cipher, String masked) {
    }

    private static final SecureRandom random = new SecureRandom();
    private static final Pattern SEPARATORS = Pattern.compile("[\\s-]");

    private final CountryProfile profile;
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();
    // One Mac and one Cipher per thread: looking them up in the JCA providers for every number
    // was most of a bulk import's sealing time.
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(PhotoIds::newCipher);
    private final SecretKeySpec hashKey;
    private final SecretKeySpec encryptionKey;

    PhotoIds(CountryProfile profile, SecretKeys keys) {
        this.profile = profile;
        this.hashKey = new SecretKeySpec(keys.secret("photo-id-hmac", 32), "HmacSHA256");
        this.encryptionKey = new SecretKeySpec(keys.secret("photo-id-aes", 32), 0, 32, "AES");
    }

    /** The number as stored and compared: upper case, without spaces or hyphens. */
    static String normalise(String number) {
        return number == null ? "" : SEPARATORS.matcher(number.trim()).replaceAll("").toUpperCase();
    }

    /** Checks type and number against the profile; returns the normalised number. */
    String validate(int type, String number) {
        IdType idType = profile.idType(type)
                .orElseThrow(() -> ApiException.badRequest("BENREG0007", "Unknown photo ID type " + type));
        String normalised = normalise(number);
        if (normalised.isEmpty()) {
            throw ApiException.badRequest("BENREG0002", "photo_id_number is required");
        }
        if (!patterns.computeIfAbsent(idType.pattern(), Pattern::compile).matcher(normalised).matches()) {
            throw ApiException.badRequest("BENREG0002", "The " + idType.name() + " number is not in the expected format");
        }
        String checksum = idType.checksum() == null ? "none" : idType.checksum();
        boolean ok = switch (checksum) {
            case "verhoeff" -> Verhoeff.isValid(normalised);
            case "luhn" -> Luhn.isValid(normalised);
            default -> true;
        };
        if (!ok) {
            // Its own code: the number has the right shape, one digit is most likely mistyped.
            throw ApiException.badRequest("BENREG0011", "The " + idType.name()
                    + " number's check digit does not match: a digit is probably mistyped; please check it");
        }
        return normalised;
    }

    Protected protect(int type, String normalised) {
        return new Protected(hash(type, normalised), encrypt(normalised), mask(type, normalised));
    }

    String hash(int type, String normalised) {
        return HexFormat.of().formatHex(macs.get().doFinal((type + ":" + normalised).getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hashKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String encrypt(String normalised) {
        try {
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(normalised.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String decrypt(String stored) {
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(128, all, 0, 12));
            return new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Photo-ID ciphertext does not open with this key", e);
        }
    }

    String mask(int type, String normalised) {
        String mask = profile.idType(type).map(IdType::mask).orElse("last4");
        if ("none".equals(mask) || normalised.length() <= 4) {
            return "X".repeat(normalised.length());
        }
        return "X".repeat(normalised.length() - 4) + normalised.substring(normalised.length() - 4);
    }
}
