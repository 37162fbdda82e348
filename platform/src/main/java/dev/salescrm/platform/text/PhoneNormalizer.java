package dev.salescrm.platform.text;

/**
 * Phone numbers as digits with the country prefix folded, so that {@code +98 912 123 4567},
 * {@code 0098 912 123 4567}, {@code 0912 123 4567}, {@code ۰۹۱۲۱۲۳۴۵۶۷} and {@code 98 912 123 4567}
 * are all {@code 989121234567}.
 *
 * <p>Rules, on the digits (Persian and Arabic-Indic digits folded) and a leading {@code +}:
 * <ul>
 *   <li>{@code +CC…} → as written (already international);</li>
 *   <li>{@code 00CC…} → the {@code 00} international call prefix dropped;</li>
 *   <li>{@code 0…} (one trunk zero) → the default country code replaces the zero;</li>
 *   <li>digits that already start with the default country code and are longer than a national
 *       number → as written;</li>
 *   <li>anything else (a national number without its trunk zero, e.g. {@code 912 123 4567}) →
 *       the default country code in front.</li>
 * </ul>
 * The default country is Iran ({@code 98}, national numbers of 10 digits), configurable per
 * service ({@code crm.phone.default-country-code}, {@code crm.phone.national-number-length}).
 * Numbers of other countries must be written internationally ({@code +} or {@code 00}).
 */
public final class PhoneNormalizer {

    public static final PhoneNormalizer IRAN = new PhoneNormalizer("98", 10);

    private final String countryCode;
    private final int nationalLength;

    public PhoneNormalizer(String countryCode, int nationalLength) {
        if (countryCode == null || !countryCode.matches("[1-9][0-9]{0,2}")) {
            throw new IllegalArgumentException("country code must be 1 to 3 digits: " + countryCode);
        }
        if (nationalLength < 4 || nationalLength > 14) {
            throw new IllegalArgumentException("national number length out of range: " + nationalLength);
        }
        this.countryCode = countryCode;
        this.nationalLength = nationalLength;
    }

    public String countryCode() {
        return countryCode;
    }

    /** The folded digits, or {@code null} if {@code value} holds no digit. */
    public String normalize(String value) {
        String digits = SearchNormalizer.digits(value);
        if (digits == null) {
            return null;
        }
        if (startsWithPlus(value)) {
            return digits;
        }
        if (digits.startsWith("00")) {
            String rest = digits.substring(2);
            return rest.isEmpty() ? null : rest;
        }
        if (digits.startsWith("0")) {
            String rest = digits.substring(1);
            return rest.isEmpty() ? null : countryCode + rest;
        }
        if (digits.startsWith(countryCode) && digits.length() > nationalLength) {
            return digits;
        }
        return countryCode + digits;
    }

    /**
     * The form of a search query that may be (part of) a phone number: a query that starts like a
     * whole number ({@code +}, {@code 00} or a trunk {@code 0}) is folded as {@link #normalize};
     * a bare run of digits is searched as written (it may be any part of a number). {@code null}
     * if the query holds anything but digits and phone punctuation, or fewer than 3 digits.
     */
    public String searchForm(String query) {
        if (query == null) {
            return null;
        }
        String digits = SearchNormalizer.digits(query);
        if (digits == null || digits.length() < 3) {
            return null;
        }
        for (int i = 0; i < query.length(); ) {
            int cp = query.codePointAt(i);
            i += Character.charCount(cp);
            if (SearchNormalizer.asciiDigit(cp) < 0 && "+-() ./\u00a0".indexOf(cp) < 0 && !SearchNormalizer.isSpace(cp)) {
                return null;
            }
        }
        if (startsWithPlus(query) || digits.startsWith("0")) {
            return normalize(query);
        }
        return digits;
    }

    private static boolean startsWithPlus(String value) {
        String s = value.strip();
        return s.startsWith("+") || s.startsWith("\uFF0B");
    }
}
