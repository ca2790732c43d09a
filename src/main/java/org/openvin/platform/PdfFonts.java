package org.openvin.platform;

import com.lowagie.text.Font;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.LayoutProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The font of every PDF OpenVIN prints: Noto Sans Devanagari (shipped in the jar), which covers
 * Latin and Devanagari. Text goes through OpenPDF's layout processor, which shapes Devanagari
 * conjuncts and vowel signs with the JDK's text layout — the built-in PDF fonts cannot show Hindi.
 */
public final class PdfFonts {

    private static final BaseFont REGULAR;
    private static final BaseFont BOLD;

    static {
        LayoutProcessor.enable();
        REGULAR = load("NotoSansDevanagari-Regular.ttf");
        BOLD = load("NotoSansDevanagari-Bold.ttf");
    }

    private PdfFonts() {
    }

    public static Font regular(float size) {
        return new Font(REGULAR, size);
    }

    public static Font bold(float size) {
        return new Font(BOLD, size);
    }

    private static BaseFont load(String name) {
        try (InputStream in = PdfFonts.class.getResourceAsStream("/fonts/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Font " + name + " missing from the class path");
            }
            // The layout processor reads the font from a file, so the jar's copy is put on disk once.
            Path file = Files.createTempFile("openvin-", "-" + name);
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            BaseFont font = BaseFont.createFont(file.toString(), BaseFont.IDENTITY_H, BaseFont.EMBEDDED);
            LayoutProcessor.loadFont(font, file.toString());
            return font;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (com.lowagie.text.DocumentException e) {
            throw new IllegalStateException(e);
        }
    }
}
