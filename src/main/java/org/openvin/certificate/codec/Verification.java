package org.openvin.certificate.codec;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of checking a certificate in any of the formats. The payload and summary are filled
 * in whenever the certificate could be decoded, even when it is not valid, so a verifier screen
 * can still say whose certificate failed and why.
 *
 * @param payload the decoded content: the DCC JSON, the SHC JWS payload, or the W3C credential
 * @param summary the holder and doses, for display; null when nothing could be decoded
 */
public record Verification(boolean valid, Reason reason, JsonNode payload, Summary summary) {

    public enum Reason {
        VALID,
        /** Not a certificate in this format: bad prefix, encoding, compression or structure (e.g. the EU DCC schema). */
        MALFORMED,
        /** No trusted key under the certificate's key id. */
        UNKNOWN_KEY,
        /** A trusted key exists but the signature does not match: tampered or forged. */
        BAD_SIGNATURE,
        /** A trusted key made the signature, but its certificate's extended key usage excludes this certificate type. */
        KEY_NOT_PERMITTED,
        EXPIRED,
        NOT_YET_VALID,
        /** Listed as revoked; set by callers that hold a revocation list. */
        REVOKED
    }

    /** @param birthDate as written in the certificate (YYYY, YYYY-MM or YYYY-MM-DD) */
    public record Summary(String name, String birthDate, List<Dose> doses) {
    }

    /** @param date ISO date of vaccination */
    public record Dose(String vaccine, int doseNumber, int totalDoses, String date) {
    }

    public static Verification valid(JsonNode payload, Summary summary) {
        return new Verification(true, Reason.VALID, payload, summary);
    }

    public static Verification invalid(Reason reason, JsonNode payload, Summary summary) {
        if (reason == Reason.VALID) {
            throw new IllegalArgumentException("An invalid result needs a reason other than VALID");
        }
        return new Verification(false, reason, payload, summary);
    }

    public static Verification malformed() {
        return invalid(Reason.MALFORMED, null, null);
    }

    /** The same result marked revoked, for callers that check a revocation list after the signature. */
    public Verification revoked() {
        return invalid(Reason.REVOKED, payload, summary);
    }
}
