package org.openvin.certificate.codec;

import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Transliterator;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names as they appear in a passport's machine-readable zone (ICAO Doc 9303 part 3), the form the
 * EU DCC's {@code fnt}/{@code gnt} take: upper-case A–Z, {@code <} for spaces, hyphens and commas,
 * apostrophes dropped, at most 80 characters. Border systems compare these, not the printed name.
 *
 * <p>Each word is transliterated by its script, with ICU4J's rule-based transliterators:
 * <ul>
 * <li>Latin: ICAO's spelled-out letters (Ä AE, Ø OE, ß SS, Þ TH …), then the base letter.</li>
 * <li>Cyrillic and Arabic: the ICAO 9303 part 3 tables (Юлия IULIIA; the Arabic "X" scheme,
 *     محمد MXHMD, with ة XAH at the end of a word and XTA inside).</li>
 * <li>Devanagari: ICAO has no table. ICU's ISO 15919 transliteration, with the Hindi rule that a
 *     word-final consonant has no inherent vowel and the Hunterian spellings Indian passports
 *     use (च ch, छ chh, श/ष sh): नरेन्द्र मोदी NARENDRA MODI. Inherent vowels inside a word are kept
 *     (सचिन तेंदुलकर gives TENDULAKAR, not the TENDULKAR of his passport): an issuer that holds the
 *     passport spelling should give that instead.</li>
 * <li>Any other script: ICU's {@code Any-Latin}, then {@code Latin-ASCII} (Greek Μάριος MARIOS).</li>
 * </ul>
 */
public final class IcaoTransliteration {

    private static final int MAX_LENGTH = 80;
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-‐‑‒–—,]+");

    private static final Transliterator LATIN = Transliterator.createFromRules("icao-latin", """
            :: NFC ;
            :: Upper ;
            Ä > AE ; Ö > OE ; Ü > UE ; Å > AA ; Æ > AE ; Ø > OE ; Œ > OE ; ẞ > SS ; Þ > TH ;
            Ĳ > IJ ; Ð > D ; Đ > D ; Ł > L ; Ħ > H ;
            :: Any-Latin ;
            :: Latin-ASCII ;
            """, Transliterator.FORWARD);

    /** ICAO 9303 part 3, transliteration of Cyrillic characters (Russian, Ukrainian, Belarusian, Serbian, Macedonian, Bulgarian). */
    private static final Transliterator CYRILLIC = Transliterator.createFromRules("icao-cyrillic", """
            :: NFC ;
            :: Upper ;
            А > A ; Б > B ; В > V ; Г > G ; Ґ > G ; Д > D ; Ђ > D ; Ѓ > G ; Е > E ; Ё > E ; Є > IE ;
            Ж > ZH ; З > Z ; Ѕ > DZ ; И > I ; І > I ; Ї > I ; Й > I ; Ј > J ; К > K ; Л > L ; Љ > LJ ;
            М > M ; Н > N ; Њ > NJ ; О > O ; П > P ; Р > R ; С > S ; Т > T ; Ћ > C ; Ќ > K ; У > U ;
            Ў > U ; Ф > F ; Х > KH ; Ц > TS ; Ч > CH ; Џ > DZ ; Ш > SH ; Щ > SHCH ; Ъ > IE ; Ы > Y ;
            Ь > ; Э > E ; Ю > IU ; Я > IA ;
            """, Transliterator.FORWARD);

    /**
     * ICAO 9303 part 3, transliteration of Arabic script (the reversible "X" scheme), with the
     * Persian, Urdu and Pashto letters of the same table. Short-vowel marks are
     * dropped: names are normally written without them and the MRZ carries the letters only.
     */
    private static final Transliterator ARABIC = Transliterator.createFromRules("icao-arabic", """
            :: NFC ;
            ة > XTA ;
            ء > XE ; آ > XAA ; أ > XAE ; ؤ > U ; إ > I ; ئ > XI ; ا > A ; ب > B ; ت > T ; ث > XTH ;
            ج > J ; ح > XH ; خ > XKH ; د > D ; ذ > XDH ; ر > R ; ز > Z ; س > S ; ش > XSH ; ص > XSS ;
            ض > XDZ ; ط > XTT ; ظ > XZZ ; ع > E ; غ > G ; ف > F ; ق > Q ; ك > K ; ل > L ; م > M ;
            ن > N ; ه > H ; و > W ; ى > XAY ; ي > Y ; ٱ > XXA ; پ > P ; چ > XC ; ژ > XJ ; ک > XKK ;
            گ > XGG ; ی > XYA ; ٹ > XXT ; ټ > XRT ; ځ > XKE ; څ > XXH ; ڈ > XXD ; ډ > XDR ; ڑ > XXR ;
            ړ > XRR ; ږ > XRX ; ښ > XXS ; ګ > XXK ; ڭ > XNG ; ں > XNN ; ڼ > XXN ; ھ > XDO ; ۀ > XYH ;
            ہ > XXG ; ۂ > XGE ; ۃ > XTG ; ۍ > XXY ; ې > Y ; ے > XYB ; ۓ > XBE ;
            [\\u064B-\\u0652\\u0670\\u0640] > ;
            """, Transliterator.FORWARD);

    private static final Transliterator DEVANAGARI = Transliterator.createFromRules("icao-devanagari", """
            :: NFC ;
            :: Devanagari-Latin ;
            ch > chh ;
            c > ch ;
            ś > sh ;
            ṣ > sh ;
            :: Latin-ASCII ;
            :: Upper ;
            """, Transliterator.FORWARD);

    /** A word-final consonant (with or without nukta) that is not the second half of a conjunct. */
    private static final Pattern HINDI_FINAL_CONSONANT =
            Pattern.compile("(?<=[\\p{L}\\p{M}])(?<!\\u094D)([\\u0915-\\u0939\\u0958-\\u095F]\\u093C?)$");

    /** ICAO writes ة as XAH where it ends a name (feminine names: فاطمة), XTA elsewhere. */
    private static final Pattern WORD_FINAL_TEH_MARBUTA = Pattern.compile("ة[\\u064B-\\u0652]*$");

    private IcaoTransliteration() {
    }

    public static String transliterate(String name) {
        StringBuilder out = new StringBuilder();
        for (String word : SEPARATORS.split(Normalizer.normalize(name.strip(), Normalizer.Form.NFC))) {
            String latin = mrzLetters(word);
            if (!latin.isEmpty()) {
                if (!out.isEmpty()) {
                    out.append('<');
                }
                out.append(latin);
            }
        }
        return out.length() > MAX_LENGTH ? out.substring(0, MAX_LENGTH) : out.toString();
    }

    private static String mrzLetters(String word) {
        String latin = switch (scriptOf(word)) {
            case UScript.CYRILLIC -> CYRILLIC.transliterate(word);
            case UScript.ARABIC -> ARABIC.transliterate(WORD_FINAL_TEH_MARBUTA.matcher(word).replaceAll("XAH"));
            case UScript.DEVANAGARI -> DEVANAGARI.transliterate(HINDI_FINAL_CONSONANT.matcher(word).replaceAll("$1\u094D"));
            default -> LATIN.transliterate(word);
        };
        // Whatever no table covers (apostrophes, digits, stray marks) has no place in the MRZ.
        return latin.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
    }

    /** The script of the word's first letter; a name word is written in one script. */
    private static int scriptOf(String word) {
        return word.codePoints().filter(Character::isLetter).map(UScript::getScript).findFirst().orElse(UScript.LATIN);
    }
}
