package org.openvin.certificate.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openvin.certificate.codec.BundledContexts;
import org.openvin.certificate.codec.QrCodes;
import org.openvin.certificate.codec.SmartHealthCard;
import org.openvin.certificate.codec.Verification;
import org.openvin.certificate.codec.W3cVerifiableCredential;
import org.openvin.platform.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** What anyone may ask without logging in: verify a QR, fetch our public keys and revocation lists. */
@RestController
class PublicCertificateController {

    private final VerifyingCertificate verifying;
    private final SigningKeys keys;
    private final CertificateStore store;

    PublicCertificateController(VerifyingCertificate verifying, SigningKeys keys, CertificateStore store) {
        this.verifying = verifying;
        this.keys = keys;
        this.store = store;
    }

    record Verify(String payload) {
    }

    record Dose(String vaccine, int dose, int total_doses, String date) {
    }

    record Verified(boolean valid, String reason, String name, String birth_date, List<Dose> doses, String format) {
    }

    @PostMapping("/api/v2/certificate/public/verify")
    Verified verify(@RequestBody Verify body) {
        if (body.payload() == null || body.payload().isBlank()) {
            throw ApiException.badRequest("CERTIF0001", "payload is required: the text of the certificate's QR code");
        }
        if (body.payload().length() > 100_000) {
            throw ApiException.badRequest("CERTIF0001", "payload is too long for a certificate");
        }
        var outcome = verifying.verify(body.payload());
        Verification v = outcome.verification();
        var summary = v.summary();
        return new Verified(v.valid(), v.reason().name(), summary == null ? null : summary.name(),
                summary == null ? null : summary.birthDate(),
                summary == null ? List.of() : summary.doses().stream()
                        .map(d -> new Dose(d.vaccine(), d.doseNumber(), d.totalDoses(), d.date())).toList(),
                outcome.format());
    }

    record QrText(String text) {
    }

    private static final int MAX_PICTURE_BYTES = 8 * 1024 * 1024;
    /** Reading a photo costs CPU and anyone may ask: at most one reading per core at a time on a node. */
    private final Semaphore readers = new Semaphore(Runtime.getRuntime().availableProcessors());

    /**
     * The text of the QR code in a photo, for the verifier page in a browser that cannot read QR
     * codes itself (no {@code BarcodeDetector}). Only the reading happens here; the page verifies
     * the text itself, as with a scan. The body is the picture's bytes, at most 8 MB.
     */
    @PostMapping(value = "/api/v2/certificate/public/qr-text",
            consumes = {"image/png", "image/jpeg", "image/gif", "image/bmp", "application/octet-stream"})
    QrText qrText(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_PICTURE_BYTES) {
            throw ApiException.badRequest("CERTIF0008", "The picture is larger than 8 MB");
        }
        byte[] picture = request.getInputStream().readNBytes(MAX_PICTURE_BYTES + 1); // never more, whatever the sender says
        if (picture.length == 0) {
            throw ApiException.badRequest("CERTIF0008", "The body must be a picture of a QR code (PNG, JPEG, GIF or BMP)");
        }
        if (picture.length > MAX_PICTURE_BYTES) {
            throw ApiException.badRequest("CERTIF0008", "The picture is larger than 8 MB");
        }
        try {
            if (!readers.tryAcquire(3, TimeUnit.SECONDS)) {
                throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "CERTIF0010",
                        "The server is busy reading other pictures; try again in a moment");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "CERTIF0010", "The server is shutting down");
        }
        try {
            return new QrText(QrCodes.readPhoto(picture));
        } catch (IllegalArgumentException unreadable) {
            throw ApiException.badRequest("CERTIF0009", "No readable QR code in the picture");
        } finally {
            readers.release();
        }
    }

    @GetMapping("/api/v2/certificate/public/keys")
    Map<String, Object> keys() {
        List<Map<String, Object>> dsc = keys.all().stream().map(k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kid", k.kidBase64());
            m.put("certificate", base64(k.certificate()));
            m.put("active", k == keys.active());
            return m;
        }).toList();
        List<Map<String, Object>> w3c = keys.all().stream().map(k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", k.verificationMethod());
            m.put("type", "Ed25519VerificationKey2018");
            m.put("public_key", Base64.getEncoder().encodeToString(k.ed25519().getPublic().getEncoded()));
            m.put("active", k == keys.active());
            return m;
        }).toList();
        return Map.of("eu_dcc", dsc, "w3c_vc", w3c);
    }

    @GetMapping("/api/v2/certificate/public/revocations")
    Map<String, Object> revocations() {
        return Map.of("revoked", store.revoked().stream()
                .map(r -> Map.of("certificate_id", r.id(), "revoked_at", r.revokedAt().toString())).toList());
    }

    @GetMapping(value = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> jwks() {
        List<ECPublicKey> ecKeys = keys.all().stream().map(k -> (ECPublicKey) k.ec().getPublic()).toList();
        // Every key carries crlVersion: it is how a verifier learns that the issuer revokes cards at all.
        List<String> kids = keys.all().stream().map(k -> k.shcKey().getKeyID()).toList();
        return ResponseEntity.ok().header("Access-Control-Allow-Origin", "*")
                .body(SmartHealthCard.jwks(ecKeys, store.crlVersions(kids)));
    }

    @GetMapping(value = "/.well-known/crl/{kid}.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> crl(@PathVariable String kid) {
        boolean known = keys.all().stream().anyMatch(k -> k.shcKey().getKeyID().equals(kid));
        if (!known) {
            throw ApiException.notFound("CERTIF0007", "No key with this kid");
        }
        // Version first: a list read after a concurrent revocation may be newer than its ctr, never older.
        int version = store.crlVersion(kid);
        List<String> rids = store.revoked().stream().filter(r -> kid.equals(r.shcKid())).map(CertificateStore.Revoked::shcRid).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kid", kid);
        body.put("method", "rid");
        body.put("ctr", version);
        body.put("rids", rids);
        return ResponseEntity.ok().header("Access-Control-Allow-Origin", "*").body(body);
    }

    private static final MediaType JSON_LD = MediaType.parseMediaType("application/ld+json");

    /**
     * The issuer's controller document, which W3C credentials name as {@code issuer} and whose
     * fragments their proofs name as {@code verificationMethod}: every key, rotated ones too.
     */
    @GetMapping(value = "/credentials/issuer", produces = {"application/ld+json", MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<String> controllerDocument() {
        Map<String, java.security.PublicKey> byMethod = new LinkedHashMap<>();
        keys.all().forEach(k -> byMethod.put(k.verificationMethod(), k.ed25519().getPublic()));
        return ResponseEntity.ok().header("Access-Control-Allow-Origin", "*").contentType(JSON_LD)
                .body(W3cVerifiableCredential.controllerDocument(keys.issuerId(), byMethod));
    }

    /** OpenVIN's vaccination context, which W3C credentials name in {@code @context}; verifiers also find it bundled. */
    @GetMapping(value = BundledContexts.VACCINATION_V1_PATH, produces = {"application/ld+json", MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<byte[]> vaccinationContext() {
        return ResponseEntity.ok().header("Access-Control-Allow-Origin", "*").contentType(JSON_LD)
                .header("Cache-Control", "public, max-age=86400")
                .body(BundledContexts.vaccinationContextDocument());
    }

    private static String base64(java.security.cert.X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
