package dev.salescrm.lead.lead;

import dev.salescrm.platform.text.PhoneNormalizer;
import dev.salescrm.platform.text.SearchNormalizer;

/**
 * A {@code q=} query, normalised like the stored columns: {@code text} for names, companies and
 * e-mails, {@code phone} when the query looks like (part of) a phone number, else null.
 */
record SearchTerms(String text, String phone) {

    /** Null when the query normalises to nothing. */
    static SearchTerms of(String q, PhoneNormalizer phones) {
        String text = SearchNormalizer.text(q);
        if (text == null) {
            return null;
        }
        return new SearchTerms(text, phones.searchForm(q));
    }

    /** LIKE's wildcards and its escape character taken literally. */
    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
