package dev.salescrm.account.matching;

import static dev.salescrm.platform.persistence.SqlValues.text;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;

import dev.salescrm.platform.text.PhoneNormalizer;
import dev.salescrm.platform.text.SearchNormalizer;

/**
 * The normalised columns of accounts and contacts ({@code name_norm}, {@code email_norm},
 * {@code phone_norm}, {@code search_text}), computed with the platform's normalisers on every
 * insert and update, and the ranked {@code q=} query over them. Phones fold to
 * {@code crm.phone.default-country-code} (98).
 */
@Component
public class CustomerKeys {

    /** What is stored beside the original fields. */
    public record Keys(String name, String email, String phone, String searchText) {
    }

    private final PhoneNormalizer phones;

    CustomerKeys(@Value("${crm.phone.default-country-code:98}") String countryCode,
                 @Value("${crm.phone.national-number-length:10}") int nationalLength) {
        this.phones = new PhoneNormalizer(countryCode, nationalLength);
    }

    public PhoneNormalizer phones() {
        return phones;
    }

    public Keys ofAccount(String name, String email, String phone) {
        return keys(SearchNormalizer.text(name), email, phone);
    }

    public Keys ofContact(String firstName, String lastName, String email, String phone) {
        return keys(SearchNormalizer.joined(firstName, lastName), email, phone);
    }

    private Keys keys(String name, String email, String phone) {
        String mail = SearchNormalizer.email(email);
        String tel = phones.normalize(phone);
        StringBuilder search = new StringBuilder();
        for (String part : new String[] {name, mail, tel}) {
            if (part != null) {
                search.append(search.isEmpty() ? "" : " | ").append(part);
            }
        }
        return new Keys(name, mail, tel, search.isEmpty() ? null : search.toString());
    }

    /** Binds {@code :nameNorm, :emailNorm, :phoneNorm, :searchText}. */
    public DatabaseClient.GenericExecuteSpec bind(Keys keys, DatabaseClient.GenericExecuteSpec spec) {
        return spec.bind("nameNorm", text(keys.name()))
                .bind("emailNorm", text(keys.email()))
                .bind("phoneNorm", text(keys.phone()))
                .bind("searchText", text(keys.searchText()));
    }

    /**
     * The first {@code limit} rows of {@code table} matching {@code q}, best first: exact name,
     * e-mail or phone 3, a prefix of them (or of a word of the name) 2, contained 1; then trigram
     * similarity, then newest. Candidates come from {@code search_text LIKE '%q%'} (GIN trigram
     * index). {@code extraWhere} ({@code " AND …"}) is bound by the caller. Null if {@code q}
     * normalises to nothing.
     */
    public DatabaseClient.GenericExecuteSpec searchSql(DatabaseClient db, String table, String q, String extraWhere,
                                                       int limit) {
        String text = SearchNormalizer.text(q);
        if (text == null) {
            return null;
        }
        String phone = phones.searchForm(q);
        String sql = "SELECT *, CASE"
                + " WHEN name_norm = :q OR email_norm = :q" + (phone == null ? "" : " OR phone_norm = :phone") + " THEN 3"
                + " WHEN name_norm LIKE :prefix OR name_norm LIKE :wordPrefix OR email_norm LIKE :prefix"
                + (phone == null ? "" : " OR phone_norm LIKE :phonePrefix") + " THEN 2"
                + " ELSE 1 END AS search_rank, similarity(search_text, :q) AS search_similarity"
                + " FROM " + table + " WHERE (search_text LIKE :like"
                + (phone == null ? "" : " OR search_text LIKE :likePhone") + ")" + extraWhere
                + " ORDER BY search_rank DESC, search_similarity DESC, id DESC LIMIT :limit";
        String escaped = escapeLike(text);
        var spec = db.sql(sql).bind("q", text).bind("like", "%" + escaped + "%").bind("prefix", escaped + "%")
                .bind("wordPrefix", "% " + escaped + "%").bind("limit", limit);
        if (phone != null) {
            spec = spec.bind("phone", phone).bind("phonePrefix", phone + "%").bind("likePhone", "%" + phone + "%");
        }
        return spec;
    }

    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
