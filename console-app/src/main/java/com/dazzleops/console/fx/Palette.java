package com.dazzleops.console.fx;

import com.dazzleops.console.core.checks.CheckLevel;
import javafx.scene.paint.Color;

/**
 * Status colours shared by tiles, dots and charts. The hues are GitHub Primer's success / attention / danger /
 * neutral, so they sit well in both AtlantaFX Primer themes; text on them is always white.
 */
public final class Palette {

    public static final Color OK = Color.web("#1a7f37");
    public static final Color WARNING = Color.web("#b35900");
    public static final Color BAD = Color.web("#cf222e");
    public static final Color UNKNOWN = Color.web("#6e7781");
    /** A check whose server is down: the last known level, faded. */
    public static final double STALE_OPACITY = 0.55;

    private Palette() {
    }

    public static Color of(CheckLevel level) {
        if (level == null) {
            return UNKNOWN;
        }
        return switch (level) {
            case OK -> OK;
            case WARNING -> WARNING;
            case BAD -> BAD;
            case UNKNOWN -> UNKNOWN;
        };
    }

    /** The CSS style class for a level: {@code level-ok}, {@code level-warning}, ... */
    public static String styleClass(CheckLevel level) {
        return "level-" + (level == null ? "unknown" : level.name().toLowerCase(java.util.Locale.ROOT));
    }

    public static String css(Color c) {
        return String.format(java.util.Locale.ROOT, "#%02x%02x%02x",
                Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255), Math.round(c.getBlue() * 255));
    }
}
