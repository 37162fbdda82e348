package dev.salescrm.platform.web;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The keyset position after the last row of a page: the sort-key values of that row (e.g. its
 * UUIDv7 id, or a name and an id), opaque to clients as base64url. Not signed: it only says where
 * to continue, and a tampered cursor can do no more than a filter the client may send anyway.
 */
public record Cursor(List<String> keys) {

    public static final String PARAMETER = "cursor";
    private static final int MAX_ENCODED_LENGTH = 1024;

    public Cursor {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a cursor has at least one key");
        }
    }

    public static Cursor of(Object... keys) {
        return new Cursor(Arrays.stream(keys).map(String::valueOf).toList());
    }

    public String encode() {
        List<String> escaped = keys.stream().map(k -> URLEncoder.encode(k, StandardCharsets.UTF_8)).toList();
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join(",", escaped).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws InvalidRequestException naming {@code cursor} when the value is not one of ours */
    public static Cursor decode(String encoded) {
        if (encoded == null || encoded.isEmpty() || encoded.length() > MAX_ENCODED_LENGTH) {
            throw invalid();
        }
        try {
            String joined = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            List<String> keys = new ArrayList<>();
            for (String part : joined.split(",", -1)) {
                keys.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
            }
            return new Cursor(keys);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    public int size() {
        return keys.size();
    }

    public String string(int index) {
        if (index >= keys.size()) {
            throw invalid();
        }
        return keys.get(index);
    }

    public UUID uuid(int index) {
        try {
            return UUID.fromString(string(index));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    public long longValue(int index) {
        try {
            return Long.parseLong(string(index));
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    static InvalidRequestException invalid() {
        return new InvalidRequestException(PARAMETER, "is not a cursor returned by this list");
    }
}
