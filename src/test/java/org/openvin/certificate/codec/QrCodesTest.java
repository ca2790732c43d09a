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

    /** A phone photo: the code small in a big, noisy JPEG, as a verifier without a QR reader sends it. */
    @Test
    void aPhotoOfACodeInABigJpegIsRead() throws Exception {
        String hc1 = "HC1:" + "6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N IOP-IA%NFQGRJPC%OQHIZC4.OI1RM8ZA.A5:S9MKN4NN3F85QNCY0O%0VZ001HOC9JU0D0HT0HB2PL/IB*09B9LW4T*8+DCMH0LDK2%K:XFE70*LP$V25$0Q:J:4MO1P0%0L0HD+9E/HY+4J6TH48S%4K.GJ2PT3QY:GQ3TE2I+-CPHN6D7LLK*2HG%89UV-0LZ 2ZJJ524-LH/CJTK96L6SR9MU9DHGZ%P WUQRENS431T1XCNCF+47AY0-IFO0500TGPN8F5G.41Q2E4T8ALW.INSV$ 07UV5SR+BNQHNML7 /KD3TU 4V*CAT3ZGLQMI/XI%ZJNSBBXK2:UG%UJMI:TU+MMPZ5$/PMX19UE:-PSR3/$NU44CBE6DQ3D7B0FBOFX0DV2DGMB$YPF62I$60/F$Z2I6IFX21XNI-LM%3/DF/U6Z9FEOJVRLVW6K$UG+BKK57:1+D10%4K83F+1VWD1NE";
        BufferedImage photo = new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB);
        var g = photo.createGraphics();
        g.setColor(new java.awt.Color(200, 190, 170));
        g.fillRect(0, 0, 4000, 3000);
        BufferedImage code = ImageIO.read(new java.io.ByteArrayInputStream(QrCodes.euDcc(hc1)));
        g.drawImage(code, 1200, 700, 1600, 1600, null);
        g.dispose();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(photo, "jpeg", jpeg);

        assertThat(QrCodes.readPhoto(jpeg.toByteArray())).isEqualTo(hc1);
    }

    /** A picture whose header claims 100,000 × 100,000 pixels is refused before anything is decoded. */
    @Test
    void aPictureTooLargeToDecodeIsRefusedFromItsHeader() throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB), "png", png);
        byte[] forged = png.toByteArray();
        // IHDR width and height sit at bytes 16-23 (the CRC is not checked before the size is read)
        java.nio.ByteBuffer.wrap(forged, 16, 8).putInt(100_000).putInt(100_000);

        assertThatThrownBy(() -> QrCodes.readPhoto(forged)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large");
        assertThatThrownBy(() -> QrCodes.readPhoto(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
    }
}
