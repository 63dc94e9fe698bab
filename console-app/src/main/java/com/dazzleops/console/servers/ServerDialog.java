package com.dazzleops.console.servers;

import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ColorPicker;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.paint.Color;
import javafx.stage.Window;
import javafx.util.StringConverter;

import java.util.Locale;
import java.util.Optional;

/**
 * The add / edit server dialog: a thin view over {@link ServerDialogViewModel}. The confirm button is named for the
 * action ("Add server", "Save staging-eu") and stays disabled while a field is invalid; the secret is a masked field.
 */
public final class ServerDialog {

    private final Dialog<ServerProfile> dialog = new Dialog<>();
    private final ServerDialogViewModel vm;

    public ServerDialog(Window owner, ServerDialogViewModel vm) {
        this.vm = vm;
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.setTitle(vm.isEditing() ? "Edit server" : "Add server");
        dialog.setHeaderText(vm.isEditing()
                ? "Edit " + vm.editing().map(ServerProfile::displayName).orElse("server")
                : "Watch a Dazzle server");
        dialog.getDialogPane().setContent(form());
        dialog.getDialogPane().setId("serverDialog");
        dialog.getDialogPane().setPrefWidth(560);

        ButtonType save = new ButtonType(vm.actionLabel(), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(save, ButtonType.CANCEL);
        Button saveButton = (Button) dialog.getDialogPane().lookupButton(save);
        saveButton.setId("saveServer");
        saveButton.disableProperty().bind(vm.validBinding().not());
        // saving writes a file: do it in the background and close when it is done (or show why it failed)
        saveButton.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            vm.save(profile -> {
                dialog.setResult(profile);
                dialog.close();
            });
        });
        dialog.setResultConverter(bt -> null);
    }

    private Node form() {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(6);
        g.setPadding(new Insets(12, 4, 4, 4));
        ColumnConstraints labels = new ColumnConstraints();
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().addAll(labels, fields);
        int r = 0;

        TextField url = new TextField();
        url.setId("serverUrl");
        url.setPromptText("http://127.0.0.1:8000");
        url.textProperty().bindBidirectional(vm.urlProperty());
        g.addRow(r++, new Label("URL"), url);
        g.add(error(vm.urlErrorProperty(), "urlError"), 1, r++);

        TextField name = new TextField();
        name.setId("serverName");
        name.setPromptText("defaults to host:port");
        name.textProperty().bindBidirectional(vm.displayNameProperty());
        g.addRow(r++, new Label("Display name"), name);

        ComboBox<ServerDialogViewModel.AuthKind> auth = new ComboBox<>();
        auth.setId("authKind");
        auth.getItems().setAll(ServerDialogViewModel.AuthKind.values());
        auth.valueProperty().bindBidirectional(vm.authKindProperty());
        g.addRow(r++, new Label("Admin access"), auth);

        TextField cookieName = new TextField();
        cookieName.setId("cookieName");
        cookieName.textProperty().bindBidirectional(vm.cookieNameProperty());
        Label cookieLabel = new Label("Cookie name");
        g.addRow(r++, cookieLabel, cookieName);
        cookieName.visibleProperty().bind(vm.authKindProperty().isEqualTo(ServerDialogViewModel.AuthKind.COOKIE));
        cookieName.managedProperty().bind(cookieName.visibleProperty());
        cookieLabel.visibleProperty().bind(cookieName.visibleProperty());
        cookieLabel.managedProperty().bind(cookieName.visibleProperty());

        PasswordField secret = new PasswordField();
        secret.setId("serverToken");
        secret.textProperty().bindBidirectional(vm.tokenProperty());
        Label secretLabel = new Label("Secret");
        secretLabel.textProperty().bind(javafx.beans.binding.Bindings.when(
                vm.authKindProperty().isEqualTo(ServerDialogViewModel.AuthKind.COOKIE))
                .then("Cookie value").otherwise("Token"));
        g.addRow(r++, secretLabel, secret);
        secret.visibleProperty().bind(vm.authKindProperty().isNotEqualTo(ServerDialogViewModel.AuthKind.NONE));
        secret.managedProperty().bind(secret.visibleProperty());
        secretLabel.visibleProperty().bind(secret.visibleProperty());
        secretLabel.managedProperty().bind(secret.visibleProperty());
        g.add(error(vm.authErrorProperty(), "authError"), 1, r++);

        CheckBox readOnly = new CheckBox("Read-only: offer no operator actions (replay, retry) on this server");
        readOnly.setId("readOnly");
        readOnly.selectedProperty().bindBidirectional(vm.readOnlyProperty());
        g.add(readOnly, 1, r++);

        ComboBox<Environment> env = new ComboBox<>();
        env.setId("environment");
        env.getItems().setAll(Environment.values());
        env.setConverter(new StringConverter<>() {
            @Override
            public String toString(Environment e) {
                return e == null ? "" : e.label();
            }

            @Override
            public Environment fromString(String s) {
                return null;
            }
        });
        env.valueProperty().bindBidirectional(vm.environmentProperty());
        g.addRow(r++, new Label("Environment"), env);

        ColorPicker colour = new ColorPicker();
        colour.setId("colour");
        colour.setValue(parse(vm.colourProperty().get()));
        colour.valueProperty().addListener((o, a, c) -> vm.colourProperty().set(hex(c)));
        vm.colourProperty().addListener((o, a, c) -> {
            Color parsed = parse(c);
            if (parsed != null && !parsed.equals(colour.getValue())) {
                colour.setValue(parsed);
            }
        });
        g.addRow(r++, new Label("Band colour"), colour);
        g.add(error(vm.colourErrorProperty(), "colourError"), 1, r++);

        Label saveError = error(vm.saveErrorProperty(), "saveError");
        g.add(saveError, 0, r, 2, 1);
        return g;
    }

    private static Label error(javafx.beans.value.ObservableStringValue message, String id) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("field-error");
        l.setWrapText(true);
        l.textProperty().bind(message);
        l.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(message));
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    private static Color parse(String hex) {
        try {
            return hex == null ? null : Color.web(hex.startsWith("#") ? hex : "#" + hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String hex(Color c) {
        if (c == null) {
            return "";
        }
        return String.format(Locale.ROOT, "#%02x%02x%02x",
                Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255), Math.round(c.getBlue() * 255));
    }

    /** Shows the dialog (non-blocking); {@code onSaved} gets the saved profile. */
    public void show(java.util.function.Consumer<ServerProfile> onSaved) {
        dialog.setOnHidden(e -> Optional.ofNullable(dialog.getResult()).ifPresent(onSaved));
        dialog.show();
    }

    public Dialog<ServerProfile> dialog() {
        return dialog;
    }
}
