package org.openvin.certificate.codec;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;

/**
 * Names as they appear in a passport's machine-readable zone (ICAO Doc 9303 part 3): upper-case
 * A–Z, with {@code <} for spaces and hyphens. Border systems compare these, not the printed name.
 * Covers Latin script; letters of other scripts are dropped, so issuers in such countries should
 * supply their own transliteration.
 */
public final class IcaoTransliteration {

    /** Letters that ICAO spells out rather than strips to their base letter. */
    private static final Map<Character, String> SPELLED_OUT = Map.ofEntries(
            Map.entry('Ä', "AE"), Map.entry('Ö', "OE"), Map.entry('Ü', "UE"),
            Map.entry('Å', "AA"), Map.entry('Æ', "AE"), Map.entry('Ø', "OE"),
            Map.entry('Œ', "OE"), Map.entry('ẞ', "SS"), Map.entry('Þ', "TH"),
            Map.entry('Ĳ', "IJ"), Map.entry('Ð', "D"), Map.entry('Đ', "D"),
            Map.entry('Ł', "L"), Map.entry('Ħ', "H"));

    private static final int MAX_LENGTH = 80;

    private IcaoTransliteration() {
    }

    public static String transliterate(String name) {
        // ß has no single upper-case letter in Java's mapping; SS is also ICAO's spelling.
        String upper = name.strip().replace("ß", "SS").toUpperCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        for (char c : upper.toCharArray()) {
            if (c >= 'A' && c <= 'Z') {
                out.append(c);
            } else if (c == ' ' || c == '-') {
                if (!out.isEmpty() && out.charAt(out.length() - 1) != '<') {
                    out.append('<');
                }
            } else if (SPELLED_OUT.containsKey(c)) {
                out.append(SPELLED_OUT.get(c));
            } else {
                String base = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD).replaceAll("[^A-Z]", "");
                out.append(base);
            }
        }
        String result = out.toString();
        return result.length() > MAX_LENGTH ? result.substring(0, MAX_LENGTH) : result;
    }
}
