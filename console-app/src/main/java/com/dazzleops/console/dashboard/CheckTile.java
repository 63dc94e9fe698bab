package com.dazzleops.console.dashboard;

import com.dazzleops.console.core.checks.Check;
import com.dazzleops.console.core.checks.CheckLevel;
import com.dazzleops.console.fx.Palette;
import com.dazzleops.console.fx.Tiles;
import eu.hansolo.tilesfx.Tile;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextAlignment;

import java.util.Locale;

/**
 * One of the six checks as a TilesFX tile on its level's colour: the level word, the value, and the endpoint it
 * came from. The tile carries the style class {@code check-ok|warning|bad|unknown} (and {@code check-stale}) so
 * tests and stylesheets can see its state.
 */
final class CheckTile {

    private final Tile tile;
    private final Label level = new Label();
    private final Label value = new Label();
    private final Tooltip tooltip = new Tooltip();

    CheckTile(com.dazzleops.console.core.checks.CheckId id) {
        level.getStyleClass().add("check-level-word");
        level.setStyle("-fx-text-fill: white; -fx-font-size: 19px; -fx-font-weight: bold;");
        value.setStyle("-fx-text-fill: white; -fx-font-size: 12.5px;");
        value.setWrapText(true);
        value.setTextAlignment(TextAlignment.CENTER);
        value.setAlignment(Pos.CENTER);
        VBox box = new VBox(4, level, value);
        box.setAlignment(Pos.CENTER);
        box.setFillWidth(true);
        value.setMaxWidth(Double.MAX_VALUE);
        tile = Tiles.custom(id.title(), box, 200, 150);
        tile.setId("check-" + id.name());
        tile.getStyleClass().add("check-tile");
        Tooltip.install(tile, tooltip);
    }

    private Check shown;
    private boolean shownStale;

    void show(Check c, boolean stale) {
        if (c.equals(shown) && stale == shownStale) {
            return; // unchanged: touch nothing, so nothing is re-styled or redrawn
        }
        Check before = shown;
        boolean staleBefore = shownStale;
        shown = c;
        shownStale = stale;
        CheckLevel l = c.level();
        // TilesFX redraws a tile on every colour or title set, even to the same value: set only what changed
        if (before == null || before.level() != l) {
            Tiles.paintStatus(tile, Palette.of(l));
        }
        if (before == null || !before.name().equals(c.name())) {
            tile.setTitle(c.name());
        }
        if (before == null || !before.source().equals(c.source())) {
            tile.setText(c.source());
        }
        level.setText(l.name() + (stale ? " · stale" : ""));
        value.setText(displayValue(c.value()));
        if (before == null || before.level() != l || staleBefore != stale) {
            tile.getStyleClass().removeIf(s -> s.startsWith("check-") && !s.equals("check-tile"));
            tile.getStyleClass().add("check-" + l.name().toLowerCase(Locale.ROOT));
            if (stale) {
                tile.getStyleClass().add("check-stale");
            }
            tile.setOpacity(stale ? Palette.STALE_OPACITY : 1.0);
        }
        tooltip.setText(c.name() + ": " + l + "\n" + c.value()
                + (c.source().isEmpty() ? "" : "\nfrom " + c.source())
                + (c.detail().isEmpty() ? "" : "\n" + c.detail())
                + (stale ? "\n(last known state: the server is not answering)" : ""));
    }

    /**
     * The value as the tile shows it: a trailing parenthetical goes on a line of its own, without the parentheses
     * ("max lag 0 (projection-InvoiceStatusView)" becomes "max lag 0" over "projection-InvoiceStatusView"). A tile is
     * narrow, and wrapping the value where it falls left a lone ")" on the last line; the tooltip keeps the value as
     * the check gives it.
     */
    static String displayValue(String value) {
        int open = value.lastIndexOf(" (");
        if (open <= 0 || !value.endsWith(")") || value.indexOf(')', open) != value.length() - 1) {
            return value;
        }
        return value.substring(0, open) + "\n" + value.substring(open + 2, value.length() - 1);
    }

    Tile node() {
        return tile;
    }

    /** For tests: the level word shown. */
    String levelText() {
        return level.getText();
    }
}
