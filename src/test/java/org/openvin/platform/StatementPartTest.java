package org.openvin.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The caller's CTE name is spliced into a lent INSERT, so only an SQL identifier is taken. */
class StatementPartTest {

    @Test
    void onlyAPlainCteNameIsSplicedIn() {
        assertThat(StatementPart.whenRowIn("taken")).isEqualTo(" WHERE EXISTS (SELECT 1 FROM taken)");
        for (String bad : new String[] {null, "", "Taken", "taken; DROP TABLE audit_event", "1taken", "a b", "x".repeat(64)}) {
            assertThatThrownBy(() -> StatementPart.whenRowIn(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
