package org.openvin.certificate.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** BouncyCastle signs with the keys SigningKeys keeps as JDK keys, and the JDK verifies what it signs. */
class BouncyCastleSigningTest {

    @Test
    void bouncyCastleAndTheJdkMakeTheSameEd25519Signatures() throws Exception {
        Random random = new Random(1);
        for (int k = 0; k < 20; k++) {
            KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            for (int m = 0; m < 10; m++) {
                byte[] message = new byte[random.nextInt(300)];
                random.nextBytes(message);
                byte[] bc = Ed25519Signing.sign(keys.getPrivate(), message);
                // Ed25519 is deterministic: same key and message, same signature from either
                assertThat(bc).isEqualTo(Ed25519Signing.signWithJdk(keys.getPrivate(), message));
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(keys.getPublic());
                verifier.update(message);
                assertThat(verifier.verify(bc)).isTrue();
            }
        }
    }

    @Test
    void p256SignaturesVerifyWithTheJdkAndNimbusAndAreDeterministic() throws Exception {
        Random random = new Random(2);
        KeyPair keys = SampleClaims.p256();
        ECKey jwk = SmartHealthCard.signingKey(keys);
        ECDSAVerifier nimbus = new ECDSAVerifier(jwk.toPublicJWK());
        int shortR = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] message = new byte[random.nextInt(300)];
            random.nextBytes(message);
            byte[] raw = P256Signing.sign(keys.getPrivate(), message);
            assertThat(raw).hasSize(64);
            shortR += raw[0] == 0 || raw[32] == 0 ? 1 : 0;
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(keys.getPublic());
            verifier.update(message);
            assertThat(verifier.verify(EcdsaSignatures.rawToDer(raw))).as("signature %d", i).isTrue();
            // RFC 6979: the nonce comes from key and message, so the same input signs the same
            assertThat(P256Signing.sign(keys.getPrivate(), message)).isEqualTo(raw);
            if (i % 10 == 0) {
                JWSHeader header = new JWSHeader(JWSAlgorithm.ES256);
                assertThat(nimbus.verify(header, message, P256Signing.jwsSigner(jwk).sign(header, message))).isTrue();
            }
        }
        // r or s below 2^248 must be left-padded; about 8 in 1000 are
        assertThat(shortR).isPositive();
    }

    @Test
    void keysOfOtherCurvesAreLeftToTheJdk() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
        assertThat(P256Signing.sign(generator.generateKeyPair().getPrivate(), new byte[] {1})).isNull();
        assertThat(P256Signing.sign(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate(), new byte[] {1})).isNull();
    }
}
