package dev.salescrm.platform.text;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one normalisation for search and duplicate matching (API.md, "Search and duplicate
 * matching"). Plain Java, no Spring: the same rules run when a row is stored and when a query or a
 * duplicate candidate is compared, so both sides always agree. The normalised form is stored
 * <em>alongside</em> the original, never instead of it.
 *
 * <p>Text, in this order:
 * <ol>
 *   <li>Unicode NFKC (presentation forms such as {@code ﻋﻠﻲ} become ordinary letters, full-width
 *       Latin becomes ASCII, NBSP becomes a space);</li>
 *   <li>case folding ({@code toUpperCase} then {@code toLowerCase}, locale-neutral, so that
 *       {@code ß} and {@code SS} meet);</li>
 *   <li>Arabic letters folded to their Persian forms: {@code ي} and {@code ى} → {@code ی};
 *       {@code ك} and {@code ڪ} → {@code ک}; {@code ة} and {@code ۀ} → {@code ه} (the teh marbuta
 *       and the heh-with-yeh of the ezafe are written as plain heh by many Persian writers).
 *       Hamza forms ({@code أ إ ؤ ئ}) and {@code آ} are kept: they are distinct letters in
 *       Persian spelling and folding them would merge different names;</li>
 *   <li>removed: tatweel {@code ـ}, Arabic diacritics (harakat, tanwin, shadda, sukun, superscript
 *       alef, Quranic marks), ZWNJ and ZWJ, and the invisible direction/format characters (LRM,
 *       RLM, embeddings, isolates, BOM, soft hyphen, zero-width space);</li>
 *   <li>Persian ({@code ۰-۹}) and Arabic-Indic ({@code ٠-٩}) digits → ASCII {@code 0-9};</li>
 *   <li>every run of whitespace → one space, trimmed. An empty result is {@code null}.</li>
 * </ol>
 */
public final class SearchNormalizer {

    private SearchNormalizer() {
    }

    /** Normalised text for matching, or {@code null} if nothing is left. */
    public static String text(String value) {
        if (value == null) {
            return null;
        }
        String s = Normalizer.normalize(value, Normalizer.Form.NFKC);
        s = s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isSpace(cp)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            int mapped = fold(cp);
            if (mapped < 0) {
                continue; // removed character
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.appendCodePoint(mapped);
        }
        return out.isEmpty() ? null : out.toString();
    }

    /** Several values joined by one space, each normalised; {@code null} if all are empty. */
    public static String joined(String... values) {
        StringBuilder out = new StringBuilder();
        for (String v : values) {
            String n = text(v);
            if (n != null) {
                if (!out.isEmpty()) {
                    out.append(' ');
                }
                out.append(n);
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    /** An e-mail address trimmed and lower-cased (NFKC first); {@code null} if blank. */
    public static String email(String value) {
        if (value == null) {
            return null;
        }
        String s = Normalizer.normalize(value, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
        return s.isEmpty() ? null : s;
    }

    /** ASCII digits of {@code value} (Persian and Arabic-Indic digits folded), everything else dropped. */
    public static String digits(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        String s = Normalizer.normalize(value, Normalizer.Form.NFKC);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int d = asciiDigit(cp);
            if (d >= 0) {
                out.append((char) ('0' + d));
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    /** The folded code point, or -1 if the character is removed. */
    static int fold(int cp) {
        int d = asciiDigit(cp);
        if (d >= 0) {
            return '0' + d;
        }
        return switch (cp) {
            case 0x064A, 0x0649 -> 0x06CC;          // ي ى → ی
            case 0x0643, 0x06AA -> 0x06A9;          // ك ڪ → ک
            case 0x0629, 0x06C0 -> 0x0647;          // ة ۀ → ه
            case 0x0640 -> -1;                      // tatweel
            case 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x00AD, 0xFEFF, 0x2060 -> -1;
            default -> {
                if ((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670          // harakat, tanwin, shadda, sukun, superscript alef
                        || (cp >= 0x0610 && cp <= 0x061A)                   // honorific / Quranic marks
                        || (cp >= 0x06D6 && cp <= 0x06DC) || (cp >= 0x06DF && cp <= 0x06E4)
                        || cp == 0x06E7 || cp == 0x06E8 || (cp >= 0x06EA && cp <= 0x06ED)
                        || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
                    yield -1;
                }
                yield cp;
            }
        };
    }

    /** 0-9 for ASCII, Persian (U+06F0…) and Arabic-Indic (U+0660…) digits; -1 otherwise. */
    static int asciiDigit(int cp) {
        if (cp >= '0' && cp <= '9') {
            return cp - '0';
        }
        if (cp >= 0x06F0 && cp <= 0x06F9) {
            return cp - 0x06F0;
        }
        if (cp >= 0x0660 && cp <= 0x0669) {
            return cp - 0x0660;
        }
        return -1;
    }
}
