package dev.salescrm.platform.web;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageTest {

    @Test
    void cursorRoundTripsAnyKeys() {
        UUID id = UUID.randomUUID();
        Cursor cursor = Cursor.of("Ali, Reza", id, 42L);
        Cursor decoded = Cursor.decode(cursor.encode());
        assertThat(decoded.string(0)).isEqualTo("Ali, Reza");
        assertThat(decoded.uuid(1)).isEqualTo(id);
        assertThat(decoded.longValue(2)).isEqualTo(42L);
        assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void foreignCursorsAreRejectedNamingTheParameter() {
        for (String bad : new String[] {"not base64!", "", "x".repeat(2000)}) {
            assertThatThrownBy(() -> Cursor.decode(bad)).isInstanceOf(InvalidRequestException.class)
                    .extracting(e -> ((InvalidRequestException) e).violations().getFirst().field()).isEqualTo("cursor");
        }
        Cursor notAnId = Cursor.decode(Cursor.of("hello").encode());
        assertThatThrownBy(() -> notAnId.uuid(0)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> notAnId.string(1)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void limitDefaultsAndBounds() {
        assertThat(PageRequest.of(null, null).limit()).isEqualTo(50);
        assertThat(PageRequest.of("200", null).limit()).isEqualTo(200);
        for (String bad : new String[] {"0", "201", "-1", "ten"}) {
            assertThatThrownBy(() -> PageRequest.of(bad, null)).as(bad).isInstanceOf(InvalidRequestException.class)
                    .extracting(e -> ((InvalidRequestException) e).violations().getFirst().field()).isEqualTo("limit");
        }
    }

    @Test
    void aSurplusRowMeansANextPage() {
        PageRequest request = PageRequest.first(2);
        Page<Integer> page = Page.of(List.of(1, 2, 3), request, i -> Cursor.of(i));
        assertThat(page.items()).containsExactly(1, 2);
        assertThat(Cursor.decode(page.nextCursor()).longValue(0)).isEqualTo(2);

        Page<Integer> last = Page.of(List.of(1, 2), request, i -> Cursor.of(i));
        assertThat(last.items()).containsExactly(1, 2);
        assertThat(last.nextCursor()).isNull();
    }
}
