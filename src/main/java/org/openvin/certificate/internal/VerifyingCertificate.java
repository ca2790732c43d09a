package org.openvin.certificate.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openvin.certificate.codec.EuDcc;
import org.openvin.certificate.codec.SmartHealthCard;
import org.openvin.certificate.codec.TrustList;
import org.openvin.certificate.codec.Verification;
import org.openvin.certificate.codec.W3cVerifiableCredential;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Checks a QR payload in any of the three formats: our own keys (all of them, rotated ones too),
 * plus other issuers' EU DCC signing certificates ({@code openvin.certificate.trusted-dsc-dir})
 * and SHC key sets ({@code openvin.certificate.trusted-jwks}, comma-separated files). A valid
 * signature on a certificate we revoked is reported as REVOKED.
 */
@Service
class VerifyingCertificate {

    record Outcome(String format, Verification verification) {
    }

    private static final Pattern JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private final TrustList trustList;
    private final Map<String, ECPublicKey> shcKeys = new LinkedHashMap<>();
    private final Map<String, PublicKey> w3cKeys = new LinkedHashMap<>();
    private final CertificateStore store;
    private final Clock clock;

    VerifyingCertificate(SigningKeys keys, CertificateStore store, Clock clock,
                         @Value("${openvin.certificate.trusted-dsc-dir:}") String trustedDscDir,
                         @Value("${openvin.certificate.trusted-jwks:}") List<String> trustedJwks) {
        this.store = store;
        this.clock = clock;
        this.trustList = keys.trustList();
        for (SigningKeys.KeySet key : keys.all()) {
            shcKeys.put(key.shcKey().getKeyID(), (ECPublicKey) key.ec().getPublic());
            w3cKeys.put(key.verificationMethod(), key.ed25519().getPublic());
            w3cKeys.put(key.legacyVerificationMethod(), key.ed25519().getPublic());
        }
        if (!trustedDscDir.isBlank()) {
            loadDscs(Path.of(trustedDscDir));
        }
        for (String file : trustedJwks) {
            if (!file.isBlank()) {
                try {
                    SmartHealthCard.verificationKeys(Files.readString(Path.of(file.trim())))
                            .forEach(shcKeys::putIfAbsent);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read trusted JWKS " + file, e);
                }
            }
        }
    }

    private void loadDscs(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] der = SigningKeys.pem(file);
                trustList.add((X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(der)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read trusted DSCs in " + dir, e);
        } catch (CertificateException e) {
            throw new IllegalStateException("A trusted DSC in " + dir + " is not an X.509 certificate", e);
        }
    }

    Outcome verify(String payload) {
        String text = payload.strip();
        if (text.startsWith(EuDcc.PREFIX)) {
            Verification v = EuDcc.verify(text, trustList, clock.instant());
            if (v.valid() && store.isRevokedId(v.payload().path("v").path(0).path("ci").asString(""))) {
                v = v.revoked();
            }
            return new Outcome("eu-dcc", v);
        }
        if (text.startsWith(SmartHealthCard.QR_PREFIX) || JWS.matcher(text).matches()) {
            Verification v = SmartHealthCard.verify(text, shcKeys, clock.instant());
            if (v.valid() && store.isRevokedRid(v.payload().path("vc").path("rid").asString(""))) {
                v = v.revoked();
            }
            return new Outcome("shc", v);
        }
        byte[] bytes;
        if (text.startsWith("{")) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                bytes = Base64.getMimeDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                return new Outcome("unknown", Verification.malformed());
            }
            if (bytes.length < 4 || bytes[0] != 'P' || bytes[1] != 'K') {
                return new Outcome("unknown", Verification.malformed());
            }
        }
        Verification v = W3cVerifiableCredential.verify(bytes, w3cKeys);
        if (v.valid() && store.isRevokedId(v.payload().path("evidence").path(0).path("certificateId").asString(""))) {
            v = v.revoked();
        }
        return new Outcome("w3c-vc", v);
    }
}
