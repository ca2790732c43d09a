package org.openvin.certificate.internal;

import com.nimbusds.jose.jwk.ECKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.openvin.certificate.codec.SelfSignedCertificate;
import org.openvin.certificate.codec.SmartHealthCard;
import org.openvin.certificate.codec.TrustList;
import org.openvin.certificate.codec.W3cVerifiableCredential;
import org.openvin.platform.SecretKeys;
import org.openvin.profile.CountryProfile;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The country's certificate signing keys, as PEM files under {@code <keys dir>/certificates}:
 * per key name a P-256 key with its self-signed document signer certificate (EU DCC and SHC) and
 * an Ed25519 key pair (W3C VC). {@code openvin.certificate.active-key} names the key that signs;
 * it is generated on first start when missing. Every key in the directory stays published, so
 * certificates signed before a rotation keep verifying.
 */
@Component
class SigningKeys {

    /**
     * @param verificationMethod       the W3C key's id, a fragment of the issuer's controller document
     * @param legacyVerificationMethod the id credentials issued before the controller document named
     */
    record KeySet(String name, KeyPair ec, X509Certificate certificate, byte[] kid, ECKey shcKey, KeyPair ed25519,
                  String verificationMethod, String legacyVerificationMethod) {

        String kidBase64() {
            return Base64.getEncoder().encodeToString(kid);
        }
    }

    private final Map<String, KeySet> keys = new TreeMap<>();
    private final KeySet active;
    private final String issuerId;

    SigningKeys(SecretKeys secretKeys, CountryProfile profile, Clock clock,
                @Value("${openvin.certificate.active-key:key-1}") String activeName) {
        if (!activeName.matches("[A-Za-z0-9._-]{1,40}")) {
            throw new IllegalStateException("openvin.certificate.active-key must be 1-40 letters, digits, '.', '_' or '-'");
        }
        Path dir = secretKeys.dir().resolve("certificates");
        String issuerUrl = profile.certificates().issuer().url();
        String legacyBase = issuerUrl.replaceAll("/+$", "") + "/api/v2/certificate/public/keys#";
        try {
            Files.createDirectories(dir);
            if (!Files.exists(dir.resolve(activeName + "-p256.key.pem"))) {
                generate(dir, activeName, profile.certificates().issuer().country(), clock);
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-p256.key.pem")).toList()) {
                    String name = file.getFileName().toString().replace("-p256.key.pem", "");
                    keys.put(name, load(dir, name, W3cVerifiableCredential.verificationMethod(issuerUrl, name), legacyBase + name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create certificate keys in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Certificate keys in " + dir + " cannot be read", e);
        }
        this.active = keys.get(activeName);
        this.issuerId = W3cVerifiableCredential.issuerId(issuerUrl);
    }

    /** The W3C credentials' issuer: the URL of the controller document that lists the keys. */
    String issuerId() {
        return issuerId;
    }

    KeySet active() {
        return active;
    }

    Collection<KeySet> all() {
        return keys.values();
    }

    TrustList trustList() {
        TrustList list = new TrustList();
        keys.values().forEach(k -> list.add(k.certificate()));
        return list;
    }

    private static KeySet load(Path dir, String name, String verificationMethod, String legacyVerificationMethod)
            throws IOException, GeneralSecurityException {
        PrivateKey ecPrivate = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pem(dir.resolve(name + "-p256.key.pem"))));
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem(dir.resolve(name + "-p256.crt.pem"))));
        KeyPair ec = new KeyPair(certificate.getPublicKey(), ecPrivate);
        PrivateKey edPrivate = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pem(dir.resolve(name + "-ed25519.key.pem"))));
        PublicKey edPublic = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(pem(dir.resolve(name + "-ed25519.pub.pem"))));
        return new KeySet(name, ec, certificate, TrustList.kidOf(certificate), SmartHealthCard.signingKey(ec),
                new KeyPair(edPublic, edPrivate), verificationMethod, legacyVerificationMethod);
    }

    private static void generate(Path dir, String name, String country, Clock clock) throws IOException, GeneralSecurityException {
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = ecGenerator.generateKeyPair();
        X509Certificate certificate = SelfSignedCertificate.create(ec, "OpenVIN DSC " + country + " " + name, country,
                clock.instant().minus(Duration.ofDays(1)), clock.instant().plus(Duration.ofDays(3 * 365)));
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        // The private key file is written last: its presence means the set is complete.
        write(dir, name + "-p256.crt.pem", "CERTIFICATE", certificate.getEncoded());
        write(dir, name + "-ed25519.pub.pem", "PUBLIC KEY", ed.getPublic().getEncoded());
        write(dir, name + "-ed25519.key.pem", "PRIVATE KEY", ed.getPrivate().getEncoded());
        write(dir, name + "-p256.key.pem", "PRIVATE KEY", ec.getPrivate().getEncoded());
    }

    private static void write(Path dir, String file, String type, byte[] der) throws IOException {
        String text = "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        Path temp = Files.createTempFile(dir, file, ".tmp");
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not POSIX: the directory's protection has to do.
        }
        Files.writeString(temp, text);
        Files.move(temp, dir.resolve(file), StandardCopyOption.ATOMIC_MOVE);
    }

    static byte[] pem(Path file) throws IOException {
        return pemOrDer(Files.readAllBytes(file));
    }

    static byte[] pemOrDer(byte[] content) {
        String text = new String(content, java.nio.charset.StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN")) {
            return content;
        }
        String body = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
