package com.dazzleops.console.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;

import java.util.Locale;

/** The console's two looks, AtlantaFX Primer light and dark, applied as the user-agent stylesheet. */
public enum Theme {
    LIGHT, DARK;

    public void apply() {
        Application.setUserAgentStylesheet(this == DARK
                ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    public Theme toggled() {
        return this == DARK ? LIGHT : DARK;
    }

    /** {@code "dark"} or {@code "light"}; anything else is light. */
    public static Theme parse(String s) {
        return s != null && s.trim().toLowerCase(Locale.ROOT).equals("dark") ? DARK : LIGHT;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
