package org.openvin.certificate.codec;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.openvin.profile.CountryProfile;

/**
 * Prints operations per second of the signing paths, old and new side by side in one JVM, in
 * interleaved rounds so that a busy machine slows both alike. Not a test (no timed assertions):
 * run it with {@code ./mvnw -B -ntp test-compile} and
 * {@code java -cp target/classes:target/test-classes:<test class path> org.openvin.certificate.codec.CertificateSigningSpeed}.
 */
public final class CertificateSigningSpeed {

    private static final long ROUND_NANOS = 2_000_000_000L;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        KeyPair ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair p256 = SampleClaims.p256();
        byte[] message = new byte[120];
        new Random(1).nextBytes(message);

        List<CountryProfile> profiles = CredentialNQuadsTest.bundledProfiles();
        CredentialNQuadsTest.Pools pools = new CredentialNQuadsTest.Pools(profiles);
        Random random = new Random(7);
        List<VaccinationClaim> claims = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            claims.add(pools.claim(random, profiles.get(i % profiles.size())));
        }
        String verificationMethod = "https://cowin.openvin.example/credentials/issuer#key-1";

        Map<String, Op> ops = new LinkedHashMap<>();
        ops.put("Ed25519 sign, JDK", i -> Ed25519Signing.signWithJdk(ed25519.getPrivate(), message));
        ops.put("Ed25519 sign, BouncyCastle", i -> Ed25519Signing.sign(ed25519.getPrivate(), message));
        ops.put("W3C issue(), former (titanium + JDK)", i -> CredentialNQuadsTest.formerIssue(claims.get(i % claims.size()),
                ed25519.getPrivate(), W3cVerifiableCredential.verificationMethod(claims.get(i % claims.size()).issuerUrl(), "key-1")));
        ops.put("W3C issue(), now (template + BC)", i -> W3cVerifiableCredential.issue(claims.get(i % claims.size()),
                ed25519.getPrivate(), W3cVerifiableCredential.verificationMethod(claims.get(i % claims.size()).issuerUrl(), "key-1")));
        ops.put("W3C template N-Quads only", i -> CredentialNQuads.document(W3cVerifiableCredential.fields(claims.get(i % claims.size()))));
        ops.put("P-256 sign, JDK", i -> {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(p256.getPrivate());
            signer.update(message);
            return signer.sign();
        });
        ops.put("P-256 sign, BouncyCastle (RFC 6979 k)", i -> P256Signing.sign(p256.getPrivate(), message));
        var shcKey = SmartHealthCard.signingKey(p256);
        var es256 = new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.ES256);
        ops.put("SHC JWS sign, nimbus ECDSASigner (former)", i -> new com.nimbusds.jose.crypto.ECDSASigner(shcKey).sign(es256, message));
        ops.put("SHC JWS sign, BouncyCastle", i -> P256Signing.jwsSigner(shcKey).sign(es256, message));
        byte[] kid = new byte[8];
        ops.put("EU DCC issue(), now", i -> EuDcc.issue(claims.get(i % claims.size()), p256.getPrivate(), kid));
        ops.put("SHC issue(), now", i -> SmartHealthCard.issue(claims.get(i % claims.size()), shcKey, "rid"));
        System.out.println("verification method " + verificationMethod + ", " + Runtime.getRuntime().availableProcessors() + " CPUs");
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, Op> op : ops.entrySet()) {
                long start = System.nanoTime();
                int count = 0;
                while (System.nanoTime() - start < ROUND_NANOS) {
                    op.getValue().run(count++);
                }
                System.out.printf("round %d  %-42s %10.0f ops/s%n", round, op.getKey(), count / ((System.nanoTime() - start) / 1e9));
            }
        }
    }

    private interface Op {
        Object run(int i) throws Exception;
    }
}
