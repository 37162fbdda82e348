package dev.salescrm.platform.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Text in a request is Unicode text that PostgreSQL can store: a string holding an unpaired UTF-16 surrogate is
 * refused with 400 "must be valid Unicode text", one holding the NUL character (U+0000, written in JSON as a backslash, {@code u}, {@code 0000})
 * with 400 "must not contain the NUL character" — PostgreSQL text cannot hold NUL, so the insert failed and the
 * request was a 500. Both name the field. (NUL in a query parameter: {@link NulCharacterFilter}.)
 *
 * <p>Malformed UTF-8 bytes never get this far ({@link Utf8BodyFilter}); such a string comes from a JSON escape
 * of a lone surrogate (a backslash, {@code u}, {@code D800}): valid JSON, not valid text, and PostgreSQL would
 * store a {@code ?} in its place. Properly
 * paired surrogates — emoji, every character outside the BMP — pass.
 */
public class UnicodeTextJacksonModule extends SimpleModule {

    public UnicodeTextJacksonModule() {
        super("crm-unicode-text");
        addDeserializer(String.class, new UnicodeTextDeserializer());
    }

    static final class UnicodeTextDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String text = super.deserialize(p, ctxt);
            if (text != null && !isUnicodeText(text)) {
                throw new InvalidRequestException(null, "must be valid Unicode text (it holds an unpaired surrogate)");
            }
            if (text != null && text.indexOf('\u0000') >= 0) {
                throw new InvalidRequestException(null, "must not contain the NUL character");
            }
            return text;
        }
    }

    /** True unless the string holds a high surrogate without its low one, or a low one alone. */
    static boolean isUnicodeText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return false;
            }
            if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
