package com.dazzleops.console.traces;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlFormatterTest {
    @Test
    void breaksBeforeClausesButNotInsideLiterals() {
        assertThat(SqlFormatter.format("SELECT a, b FROM \"order\" o LEFT JOIN t ON t.id = o.t WHERE x = 'from where' AND y > 2 ORDER BY a LIMIT 5"))
                .isEqualTo("SELECT a, b\nFROM \"order\" o\nLEFT JOIN t ON t.id = o.t\nWHERE x = 'from where'\n  AND y > 2\nORDER BY a\nLIMIT 5");
        assertThat(SqlFormatter.format("select id from fromage where orders = 1")).isEqualTo("select id\nfrom fromage\nwhere orders = 1");
        assertThat(SqlFormatter.format("SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE ok)"))
                .isEqualTo("SELECT *\nFROM t\nWHERE id IN (SELECT id\n  FROM u\n  WHERE ok)");
    }
}
