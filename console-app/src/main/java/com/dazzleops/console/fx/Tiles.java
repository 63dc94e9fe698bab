package com.dazzleops.console.fx;

import com.dazzleops.console.shell.Theme;
import eu.hansolo.tilesfx.Tile;
import eu.hansolo.tilesfx.TileBuilder;
import javafx.scene.Node;
import javafx.scene.paint.Color;

/** TilesFX tiles in the console's look: status tiles on their level colour, neutral tiles following the theme. */
public final class Tiles {

    private Tiles() {
    }

    public static Tile custom(String title, Node graphic, double w, double h) {
        Tile t = TileBuilder.create()
                .skinType(Tile.SkinType.CUSTOM)
                .prefSize(w, h)
                .minSize(120, 90)
                .title(title)
                .graphic(graphic)
                .textVisible(true)
                .roundedCorners(true)
                .animated(false)
                .build();
        t.setTextSize(Tile.TextSize.BIGGER);
        return t;
    }

    /** Colours a tile to sit on a status colour: white text. */
    public static void paintStatus(Tile t, Color background) {
        t.setBackgroundColor(background);
        t.setTitleColor(Color.WHITE);
        t.setTextColor(Color.rgb(255, 255, 255, 0.85));
        t.setForegroundColor(Color.WHITE);
        t.setValueColor(Color.WHITE);
        t.setDescriptionColor(Color.WHITE);
    }

    /** Colours a neutral tile for the theme. */
    public static void paintNeutral(Tile t, Theme theme) {
        boolean dark = theme == Theme.DARK;
        t.setBackgroundColor(dark ? Color.web("#161b22") : Color.web("#f6f8fa"));
        t.setBorderColor(dark ? Color.web("#30363d") : Color.web("#d0d7de"));
        t.setBorderWidth(1);
        Color fg = dark ? Color.web("#e6edf3") : Color.web("#1f2328");
        Color muted = dark ? Color.web("#8d96a0") : Color.web("#656d76");
        t.setTitleColor(muted);
        t.setTextColor(muted);
        t.setForegroundColor(fg);
        t.setValueColor(fg);
        t.setDescriptionColor(fg);
    }

    /** The text colour matching {@link #paintNeutral}. */
    public static Color neutralForeground(Theme theme) {
        return theme == Theme.DARK ? Color.web("#e6edf3") : Color.web("#1f2328");
    }
}
