package org.openvin.platform;

/**
 * What text from a request may contain. Control characters other than tab and line breaks, and
 * halves of a surrogate pair, are never part of a name, an address or an id: PostgreSQL refuses a
 * NUL outright (the statement fails) and the others only garble what staff and certificates show.
 */
public final class TextRules {

    private TextRules() {
    }

    public static boolean hasControlCharacter(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            if (Character.isISOControl(c)) {
                return true;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return true;
            }
            if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** The text with control characters shown as {@code ?}, short enough to quote in an error message. */
    static String printable(String text) {
        StringBuilder shown = new StringBuilder();
        text.codePoints().limit(40).forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return shown.toString();
    }
}
