package dev.salescrm.platform.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ETagsTest {

    @Test
    void etagOfAVersionIsStrongAndQuoted() {
        assertThat(ETags.of(7)).isEqualTo("\"7\"");
    }

    @Test
    void passesWithoutHeaderWithStarAndWithTheCurrentTag() {
        assertThatCode(() -> ETags.requireMatch(null, 3)).doesNotThrowAnyException();
        assertThatCode(() -> ETags.requireMatch("*", 3)).doesNotThrowAnyException();
        assertThatCode(() -> ETags.requireMatch("\"3\"", 3)).doesNotThrowAnyException();
        assertThatCode(() -> ETags.requireMatch("\"1\", \"3\"", 3)).doesNotThrowAnyException();
    }

    @Test
    void staleOrWeakTagsFail() {
        assertThatThrownBy(() -> ETags.requireMatch("\"2\"", 3)).isInstanceOf(PreconditionFailedException.class)
                .extracting(e -> ((PreconditionFailedException) e).currentETag()).isEqualTo("\"3\"");
        assertThatThrownBy(() -> ETags.requireMatch("W/\"3\"", 3)).isInstanceOf(PreconditionFailedException.class);
    }

    @Test
    void malformedHeadersAreBadRequests() {
        for (String bad : new String[] {"3", "\"3", "\"3\" \"4\"", "\"3\",", "W/3"}) {
            assertThatThrownBy(() -> ETags.requireMatch(bad, 3)).as(bad).isInstanceOf(InvalidRequestException.class)
                    .extracting(e -> ((InvalidRequestException) e).violations().getFirst().field()).isEqualTo("If-Match");
        }
    }
}
