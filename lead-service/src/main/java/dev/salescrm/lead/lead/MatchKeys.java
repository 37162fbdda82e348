package dev.salescrm.lead.lead;

import dev.salescrm.platform.text.PhoneNormalizer;
import dev.salescrm.platform.text.SearchNormalizer;

/**
 * The normalised forms of a lead that search and duplicate matching compare (stored alongside the
 * original fields in {@code lead.*_norm} and {@code lead.search_text}).
 */
record MatchKeys(String name, String company, String email, String phone, String searchText) {

    static MatchKeys of(String firstName, String lastName, String companyName, String email, String phone,
                        PhoneNormalizer phones) {
        String name = SearchNormalizer.joined(firstName, lastName);
        String company = SearchNormalizer.text(companyName);
        String mail = SearchNormalizer.email(email);
        String tel = phones.normalize(phone);
        StringBuilder search = new StringBuilder();
        for (String part : new String[] {name, company, mail, tel}) {
            if (part != null) {
                if (!search.isEmpty()) {
                    search.append(" | ");
                }
                search.append(part);
            }
        }
        return new MatchKeys(name, company, mail, tel, search.isEmpty() ? null : search.toString());
    }
}
