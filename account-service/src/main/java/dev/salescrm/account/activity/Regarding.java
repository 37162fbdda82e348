package dev.salescrm.account.activity;

import java.util.UUID;

/** What an activity is with: an account or a contact, as the path of the request names it. */
record Regarding(Kind kind, UUID id) {

    enum Kind {
        ACCOUNT("account", "account_id", "/api/accounts/"),
        CONTACT("contact", "contact_id", "/api/contacts/");

        final String noun;
        final String column;
        final String path;

        Kind(String noun, String column, String path) {
            this.noun = noun;
            this.column = column;
            this.path = path;
        }
    }

    static Regarding account(UUID id) {
        return new Regarding(Kind.ACCOUNT, id);
    }

    static Regarding contact(UUID id) {
        return new Regarding(Kind.CONTACT, id);
    }

    /** The activity table's column naming it; one of two constants, never input. */
    String column() {
        return kind.column;
    }

    String noun() {
        return kind.noun;
    }

    String activitiesPath() {
        return kind.path + id + "/activities";
    }
}
