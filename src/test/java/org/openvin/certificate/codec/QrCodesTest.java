package org.openvin.certificate.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import org.junit.jupiter.api.Test;

class QrCodesTest {

    @Test
    void euDccPngReadsBackAsTheSameHc1Text() {
        String hc1 = EuDcc.issue(SampleClaims.secondDose(), SampleClaims.p256().getPrivate(), new byte[8]);

        assertThat(QrCodes.readText(QrCodes.euDcc(hc1))).isEqualTo(hc1);
    }

    @Test
    void smartHealthCardPngReadsBackAsTheSameShcText() {
        String qr = SmartHealthCard.toQrText(SmartHealthCard.issue(SampleClaims.secondDose(),
                SmartHealthCard.signingKey(SampleClaims.p256()), null));

        assertThat(QrCodes.readText(QrCodes.smartHealthCard(qr))).isEqualTo(qr);
    }

    @Test
    void w3cZipPngReadsBackAsTheSameBytes() throws Exception {
        String credential = W3cVerifiableCredential.issue(SampleClaims.secondDose(),
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate(), "https://issuer.example/keys#1");
        byte[] zip = W3cVerifiableCredential.zip(credential);

        assertThat(QrCodes.readBytes(QrCodes.w3cZip(zip))).isEqualTo(zip);
    }

    @Test
    void readingSomethingThatIsNoQrCodeFails() {
        assertThatThrownBy(() -> QrCodes.readText(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
        byte[] blank = QrCodes.euDcc("X");
        assertThat(QrCodes.readText(blank)).isEqualTo("X");
    }
}
