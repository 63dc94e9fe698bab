package com.dazzleops.console.servers;

import com.dazzleops.console.core.servers.Auth;
import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.console.core.servers.ServerRegistry;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Add / edit a server: the fields as properties, live validation messages, and the save that writes the registry
 * (off the UI thread). Holds no controls, so it is tested without a toolkit.
 */
public final class ServerDialogViewModel {

    /** How the console authenticates to the server's admin endpoints. */
    public enum AuthKind {
        NONE("No credentials"), BEARER("Bearer token"), COOKIE("Session cookie");

        private final String label;

        AuthKind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final ServerRegistry registry;
    private final Executor background;
    private final Executor ui;
    private final ServerProfile editing;

    private final StringProperty url = new SimpleStringProperty("");
    private final StringProperty displayName = new SimpleStringProperty("");
    private final ObjectProperty<AuthKind> authKind = new SimpleObjectProperty<>(AuthKind.NONE);
    private final StringProperty token = new SimpleStringProperty("");
    private final StringProperty cookieName = new SimpleStringProperty(Auth.SessionCookie.DEFAULT_COOKIE);
    private final BooleanProperty readOnly = new SimpleBooleanProperty(false);
    private final ObjectProperty<Environment> environment = new SimpleObjectProperty<>(Environment.DEV);
    private final StringProperty colour = new SimpleStringProperty(Environment.DEV.defaultColour());

    private final ReadOnlyStringWrapper urlError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper authError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper colourError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper saveError = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper(false);
    private final BooleanBinding valid;

    /** For a new server. */
    public ServerDialogViewModel(ServerRegistry registry, Executor background, Executor ui) {
        this(registry, background, ui, null);
    }

    /** For editing {@code editing} (null: a new server). */
    public ServerDialogViewModel(ServerRegistry registry, Executor background, Executor ui, ServerProfile editing) {
        this.registry = registry;
        this.background = background;
        this.ui = ui;
        this.editing = editing;
        if (editing != null) {
            url.set(editing.baseUrlText());
            displayName.set(editing.displayName());
            readOnly.set(editing.readOnly());
            environment.set(editing.environment());
            colour.set(editing.colour());
            if (editing.auth() instanceof Auth.Bearer b) {
                authKind.set(AuthKind.BEARER);
                token.set(b.token());
            } else if (editing.auth() instanceof Auth.SessionCookie c) {
                authKind.set(AuthKind.COOKIE);
                cookieName.set(c.name());
                token.set(c.value());
            }
        }
        // the colour follows the environment unless the operator picked their own
        environment.addListener((obs, old, now) -> {
            if (now != null && (old == null || colour.get().equalsIgnoreCase(old.defaultColour()))) {
                colour.set(now.defaultColour());
            }
        });
        url.addListener((o, a, b) -> validate());
        authKind.addListener((o, a, b) -> validate());
        token.addListener((o, a, b) -> validate());
        cookieName.addListener((o, a, b) -> validate());
        colour.addListener((o, a, b) -> validate());
        validate();
        valid = Bindings.createBooleanBinding(
                () -> urlError.get().isEmpty() && authError.get().isEmpty() && colourError.get().isEmpty()
                        && !url.get().isBlank() && !saving.get(),
                urlError, authError, colourError, url, saving);
    }

    private void validate() {
        urlError.set(url.get().isBlank() ? "" : messageOf(() -> ServerProfile.parseBaseUrl(url.get())));
        authError.set(messageOf(this::auth));
        String c = colour.get() == null ? "" : colour.get().strip();
        colourError.set(c.isEmpty() || c.matches("#?[0-9a-fA-F]{6}") ? "" : "'" + c + "' is not a colour like #c62828");
    }

    private static String messageOf(Runnable check) {
        try {
            check.run();
            return "";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private Auth auth() {
        return switch (authKind.get() == null ? AuthKind.NONE : authKind.get()) {
            case NONE -> Auth.NONE;
            case BEARER -> new Auth.Bearer(token.get() == null ? "" : token.get().strip());
            case COOKIE -> new Auth.SessionCookie(cookieName.get(), token.get() == null ? "" : token.get().strip());
        };
    }

    /**
     * The profile the fields describe.
     *
     * @throws IllegalArgumentException when a field is invalid (the message says which)
     */
    public ServerProfile toProfile() {
        String id = editing != null ? editing.id() : UUID.randomUUID().toString();
        return new ServerProfile(id, displayName.get(), ServerProfile.parseBaseUrl(url.get()), auth(), readOnly.get(),
                environment.get(), colour.get());
    }

    /**
     * Writes the profile to the registry in the background; {@code onSaved} gets it on the UI thread. A failure
     * (duplicate URL, unwritable file) lands in {@link #saveErrorProperty()} and the dialog stays open.
     */
    public void save(Consumer<ServerProfile> onSaved) {
        ServerProfile profile;
        try {
            profile = toProfile();
        } catch (IllegalArgumentException e) {
            saveError.set(e.getMessage());
            return;
        }
        saving.set(true);
        saveError.set("");
        background.execute(() -> {
            try {
                ServerProfile saved = editing == null ? registry.add(profile) : registry.update(profile);
                ui.execute(() -> {
                    saving.set(false);
                    onSaved.accept(saved);
                });
            } catch (RuntimeException e) {
                String msg = e.getMessage() == null ? e.toString() : e.getMessage();
                ui.execute(() -> {
                    saving.set(false);
                    saveError.set(msg);
                });
            }
        });
    }

    public boolean isEditing() {
        return editing != null;
    }

    public Optional<ServerProfile> editing() {
        return Optional.ofNullable(editing);
    }

    /** The confirm button names the action: "Add server" or "Save <name>". */
    public String actionLabel() {
        return editing == null ? "Add server" : "Save " + editing.displayName();
    }

    public StringProperty urlProperty() {
        return url;
    }

    public StringProperty displayNameProperty() {
        return displayName;
    }

    public ObjectProperty<AuthKind> authKindProperty() {
        return authKind;
    }

    /** The bearer token or the session cookie's value (the secret either way). */
    public StringProperty tokenProperty() {
        return token;
    }

    public StringProperty cookieNameProperty() {
        return cookieName;
    }

    public BooleanProperty readOnlyProperty() {
        return readOnly;
    }

    public ObjectProperty<Environment> environmentProperty() {
        return environment;
    }

    public StringProperty colourProperty() {
        return colour;
    }

    public ReadOnlyStringProperty urlErrorProperty() {
        return urlError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty authErrorProperty() {
        return authError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty colourErrorProperty() {
        return colourError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty saveErrorProperty() {
        return saveError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty savingProperty() {
        return saving.getReadOnlyProperty();
    }

    /** True when every field is valid and nothing is being saved. */
    public BooleanBinding validBinding() {
        return valid;
    }
}
