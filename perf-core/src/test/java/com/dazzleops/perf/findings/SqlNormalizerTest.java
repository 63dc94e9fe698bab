package com.dazzleops.perf.findings;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlNormalizerTest {
    @Test
    void followsDazzlesRules() {
        assertThat(SqlNormalizer.normalize("SELECT * FROM \"t1\" WHERE a = 'it''s' AND b = 3.14 AND c = -5"))
                .isEqualTo("SELECT * FROM \"t1\" WHERE a = ? AND b = ? AND c = -?");
        assertThat(SqlNormalizer.normalize("SELECT $1, %s, 1e10, 0x1F FROM t1")).isEqualTo("SELECT $?, %s, 1e10, 0x1F FROM t1");
        assertThat(SqlNormalizer.normalize("  SELECT\n\t1  ")).isEqualTo("SELECT ?");
    }
}
