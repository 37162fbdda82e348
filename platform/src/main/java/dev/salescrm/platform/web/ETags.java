package dev.salescrm.platform.web;

import java.util.ArrayList;
import java.util.List;

/**
 * Strong ETags from an aggregate's version ({@code "7"}) and the If-Match check of an update.
 *
 * <p>A request <em>without</em> If-Match is allowed: the update still runs under the aggregate's
 * version check (a lost race is a 409), it just does not ask "only if you are still what I
 * read". Requiring it (428) would break every simple client for little gain; a service that wants
 * it can check {@code ifMatch == null} itself.
 */
public final class ETags {

    public static final String IF_MATCH = "If-Match";

    private ETags() {
    }

    /** The strong ETag of a version: {@code "7"} with the quotes. */
    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Passes when the header is absent, {@code *}, or lists the current version's ETag (strong
     * comparison: a weak {@code W/"7"} never matches).
     *
     * @throws PreconditionFailedException when no listed ETag is the current one (412)
     * @throws InvalidRequestException when the header is not a list of entity tags (400)
     */
    public static void requireMatch(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        String value = ifMatch.strip();
        if (value.equals("*")) {
            return;
        }
        String current = String.valueOf(currentVersion);
        for (Tag tag : parse(value)) {
            if (!tag.weak() && tag.opaque().equals(current)) {
                return;
            }
        }
        throw new PreconditionFailedException(
                "If-Match " + value + " does not match the current version " + of(currentVersion), of(currentVersion));
    }

    record Tag(boolean weak, String opaque) {
    }

    static List<Tag> parse(String header) {
        List<Tag> tags = new ArrayList<>();
        int i = 0;
        int n = header.length();
        while (true) {
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
                i++;
            }
            boolean weak = false;
            if (header.startsWith("W/", i)) {
                weak = true;
                i += 2;
            }
            if (i >= n || header.charAt(i) != '"') {
                throw malformed();
            }
            int end = header.indexOf('"', i + 1);
            if (end < 0) {
                throw malformed();
            }
            String opaque = header.substring(i + 1, end);
            for (int k = 0; k < opaque.length(); k++) {
                char c = opaque.charAt(k);
                if (c < 0x21 || c == 0x7f) {
                    throw malformed();
                }
            }
            tags.add(new Tag(weak, opaque));
            i = end + 1;
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
                i++;
            }
            if (i == n) {
                return tags;
            }
            if (header.charAt(i) != ',') {
                throw malformed();
            }
            i++;
        }
    }

    private static InvalidRequestException malformed() {
        return new InvalidRequestException(IF_MATCH, "must be * or a list of entity tags such as \"3\"");
    }
}
