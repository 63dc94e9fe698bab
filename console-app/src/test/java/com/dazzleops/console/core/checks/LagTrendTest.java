package com.dazzleops.console.core.checks;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;

class LagTrendTest {

    static List<LagTrend.Point> series(int n, IntToLongFunction lag) {
        List<LagTrend.Point> out = new ArrayList<>();
        Instant t0 = Instant.parse("2026-08-22T09:00:00Z");
        for (int i = 0; i < n; i++) {
            out.add(new LagTrend.Point(t0.plusSeconds(2L * i), lag.applyAsLong(i)));
        }
        return out;
    }

    @Test
    void classifiesSeries() {
        assertThat(LagTrend.of(series(30, i -> 10 + 3L * i))).isEqualTo(LagTrend.GROWING);
        assertThat(LagTrend.of(series(30, i -> 200 - 5L * i))).isEqualTo(LagTrend.SHRINKING);
        assertThat(LagTrend.of(series(30, i -> 0))).isEqualTo(LagTrend.STABLE);
        assertThat(LagTrend.of(series(30, i -> 50 + (i % 2 == 0 ? 2 : -2)))).isEqualTo(LagTrend.STABLE);
        // one spike at the end is not a steady climb
        assertThat(LagTrend.of(series(30, i -> i == 29 ? 500 : (i % 3)))).isNotEqualTo(LagTrend.GROWING);
        // saw-tooth: bursts drained each time
        assertThat(LagTrend.of(series(30, i -> (i % 5) * 20L))).isNotEqualTo(LagTrend.GROWING);
    }

    @Test
    void tooFewOrTooShortIsUnknown() {
        assertThat(LagTrend.of(List.of())).isEqualTo(LagTrend.UNKNOWN);
        assertThat(LagTrend.of(series(2, i -> i * 100L))).isEqualTo(LagTrend.UNKNOWN);
        assertThat(LagTrend.of(series(4, i -> i * 100L))).as("6 s < 10 s span").isEqualTo(LagTrend.UNKNOWN);
    }

    @Test
    void orderOfSamplesDoesNotMatter() {
        List<LagTrend.Point> s = new ArrayList<>(series(20, i -> 5L * i));
        java.util.Collections.reverse(s);
        assertThat(LagTrend.of(s)).isEqualTo(LagTrend.GROWING);
    }
}
