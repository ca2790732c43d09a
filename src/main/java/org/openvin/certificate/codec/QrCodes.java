package org.openvin.certificate.codec;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.WriterException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * QR codes as PNG images, with the error correction and encoding mode each certificate format
 * prescribes, and the reverse, so tests (and a verifier fed a screenshot) can read them back.
 */
public final class QrCodes {

    private static final int QUIET_ZONE_MODULES = 4;
    private static final int PIXELS_PER_MODULE = 6;
    private static final int PHOTO_EDGE = 1600;
    private static final long MAX_PIXELS = 50_000_000L;

    private QrCodes() {
    }

    /** EU DCC: the whole {@code HC1:} text fits QR alphanumeric mode; error correction Q. */
    public static byte[] euDcc(String hc1) {
        return png(hc1, ErrorCorrectionLevel.Q, false, null);
    }

    /**
     * SMART Health Card: error correction L, and the compact encoder so that {@code shc:/} goes in a
     * byte segment and the digits after it in a numeric segment, as the spec lays out.
     */
    public static byte[] smartHealthCard(String shcUri) {
        return png(shcUri, ErrorCorrectionLevel.L, true, null);
    }

    /** W3C credential ZIP: binary, so byte mode with ISO-8859-1 which maps each byte to one character. */
    public static byte[] w3cZip(byte[] zip) {
        return png(new String(zip, StandardCharsets.ISO_8859_1), ErrorCorrectionLevel.L, false, StandardCharsets.ISO_8859_1.name());
    }

    /** @throws IllegalArgumentException when the image holds no readable QR code */
    public static String readText(byte[] png) {
        return read(png, null);
    }

    /** The bytes of a byte-mode QR code, as written by {@link #w3cZip}. */
    public static byte[] readBytes(byte[] png) {
        return read(png, StandardCharsets.ISO_8859_1.name()).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] png(String content, ErrorCorrectionLevel level, boolean compact, String charset) {
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        if (compact) {
            hints.put(EncodeHintType.QR_COMPACT, Boolean.TRUE.toString());
        }
        if (charset != null) {
            hints.put(EncodeHintType.CHARACTER_SET, charset);
        }
        ByteMatrix matrix;
        try {
            matrix = Encoder.encode(content, level, hints).getMatrix();
        } catch (WriterException e) {
            throw new IllegalArgumentException("Payload does not fit in a QR code: " + e.getMessage(), e);
        }
        int size = (matrix.getWidth() + 2 * QUIET_ZONE_MODULES) * PIXELS_PER_MODULE;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int moduleX = x / PIXELS_PER_MODULE - QUIET_ZONE_MODULES;
                int moduleY = y / PIXELS_PER_MODULE - QUIET_ZONE_MODULES;
                boolean dark = moduleX >= 0 && moduleY >= 0 && moduleX < matrix.getWidth() && moduleY < matrix.getHeight()
                        && matrix.get(moduleX, moduleY) == 1;
                image.setRGB(x, y, dark ? 0xff000000 : 0xffffffff);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The text of the QR code in a photo or screenshot (PNG, JPEG, GIF or BMP), for a verifier
     * whose browser cannot read QR codes itself. The picture's size is read from its header first,
     * so a huge or forged one is refused before it is decoded; a phone photo is scaled down to
     * {@value #PHOTO_EDGE} pixels on its longer edge, plenty for a certificate's code.
     */
    public static String readPhoto(byte[] picture) {
        BufferedImage image = boundedImage(picture);
        int longer = Math.max(image.getWidth(), image.getHeight());
        if (longer > PHOTO_EDGE) {
            double f = (double) PHOTO_EDGE / longer;
            BufferedImage scaled = new BufferedImage(Math.max(1, (int) (image.getWidth() * f)),
                    Math.max(1, (int) (image.getHeight() * f)), BufferedImage.TYPE_INT_RGB);
            var g = scaled.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, scaled.getWidth(), scaled.getHeight(), null);
            g.dispose();
            image = scaled;
        }
        return read(image, null);
    }

    private static BufferedImage boundedImage(byte[] picture) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(picture))) {
            var readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IllegalArgumentException("Not a readable image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                if ((long) reader.getWidth(0) * reader.getHeight(0) > MAX_PIXELS) {
                    throw new IllegalArgumentException("The picture is too large");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException known) {
                throw known;
            }
            throw new IllegalArgumentException("Not a readable image", e);
        }
    }

    private static String read(byte[] png, String charset) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a readable image", e);
        }
        if (image == null) {
            throw new IllegalArgumentException("Not a readable image");
        }
        return read(image, charset);
    }

    private static String read(BufferedImage image, String charset) {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
        hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
        hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
        if (charset != null) {
            hints.put(DecodeHintType.CHARACTER_SET, charset);
        }
        try {
            return new QRCodeReader().decode(bitmap, hints).getText();
        } catch (NotFoundException | ChecksumException | FormatException e) {
            // The finder-pattern detector sometimes misses on large dense codes; an upright,
            // unskewed image with a quiet zone (a screenshot or our own PNG) can be read directly.
            hints.put(DecodeHintType.PURE_BARCODE, Boolean.TRUE);
            try {
                return new QRCodeReader().decode(bitmap, hints).getText();
            } catch (NotFoundException | ChecksumException | FormatException pureFailure) {
                IllegalArgumentException failure = new IllegalArgumentException("No readable QR code in the image", e);
                failure.addSuppressed(pureFailure);
                throw failure;
            }
        }
    }
}
