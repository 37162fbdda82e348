package dev.salescrm.platform.persistence;

import org.junit.jupiter.api.Test;

import dev.salescrm.platform.web.Cursor;
import dev.salescrm.platform.web.PageRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeysetQueryTest {

    enum Status { OPEN }

    @Test
    void onlyGivenFiltersBecomeConditionsAndTheKeysetComesLast() {
        String sql = KeysetQuery.of("SELECT * FROM lead")
                .where("status = :status", "status", Status.OPEN)
                .where("owner_id = :ownerId", "ownerId", null)
                .where("owner_id = :rep OR owner_id IS NULL", "rep", "alice")
                .page(new PageRequest(10, Cursor.of("0190f0c8-0000-7000-8000-000000000001")))
                .sql();
        assertThat(sql).isEqualTo("SELECT * FROM lead WHERE TRUE AND (status = :status)"
                + " AND (owner_id = :rep OR owner_id IS NULL) AND id < :keysetAfter ORDER BY id DESC LIMIT :keysetLimit");
    }

    @Test
    void theFirstPageHasNoKeysetCondition() {
        assertThat(KeysetQuery.of("SELECT * FROM lead").page(PageRequest.first(5)).sql())
                .isEqualTo("SELECT * FROM lead WHERE TRUE ORDER BY id DESC LIMIT :keysetLimit");
    }

    @Test
    void parameterNamesMustBeFreshIdentifiers() {
        assertThatThrownBy(() -> KeysetQuery.of("x").where("a = :a", "a", 1).where("b = :a", "a", 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeysetQuery.of("x").where("a = :a", "a; DROP", 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeysetQuery.of("x").always("a = :a", "a", null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
