package com.dazzleops.console.dashboard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CheckTileTextTest {

    @Test
    void aTrailingParentheticalGoesOnItsOwnLine() {
        assertThat(CheckTile.displayValue("max lag 0 (projection-InvoiceStatusView)"))
                .isEqualTo("max lag 0\nprojection-InvoiceStatusView");
        assertThat(CheckTile.displayValue("running (SqliteBus)")).isEqualTo("running\nSqliteBus");
    }

    @Test
    void otherValuesAreShownAsTheyAre() {
        assertThat(CheckTile.displayValue("0 pending, 0 failed")).isEqualTo("0 pending, 0 failed");
        assertThat(CheckTile.displayValue("(x)")).isEqualTo("(x)");
        assertThat(CheckTile.displayValue("a (b) c")).isEqualTo("a (b) c");
        assertThat(CheckTile.displayValue("lag (a) (b)")).isEqualTo("lag (a)\nb");
        assertThat(CheckTile.displayValue("odd (a) b)")).isEqualTo("odd (a) b)");
        assertThat(CheckTile.displayValue("")).isEmpty();
    }
}
