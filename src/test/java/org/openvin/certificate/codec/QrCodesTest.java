package org.openvin.certificate.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.security.KeyPairGenerator;
import javax.imageio.ImageIO;
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
    void w3cZipPngsReadBackAsTheSameBytes() throws Exception {
        // Several signatures: ZXing's detector once missed about one large code in fifteen.
        for (int i = 0; i < 10; i++) {
            String credential = W3cVerifiableCredential.issue(SampleClaims.secondDose(),
                    KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate(), "https://issuer.example/keys#1");
            byte[] zip = W3cVerifiableCredential.zip(credential);

            assertThat(QrCodes.readBytes(QrCodes.w3cZip(zip))).isEqualTo(zip);
        }
    }

    @Test
    void readingSomethingThatIsNoQrCodeFails() throws Exception {
        BufferedImage white = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
        white.getGraphics().fillRect(0, 0, 200, 200);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(white, "png", png);

        assertThatThrownBy(() -> QrCodes.readText(png.toByteArray())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QrCodes.readText(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
    }
}
