package com.dazzleops.console.shell;

import com.dazzleops.console.app.UiPrefs;
import com.dazzleops.console.servers.ServerDialog;
import com.dazzleops.console.servers.ServerDialogViewModel;
import com.dazzleops.console.servers.ServerItem;
import com.dazzleops.console.servers.ServerSidebar;
import com.dazzleops.console.servers.ServerWorkspace;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The console's main window: menu bar, environment banner (a red band and label across the top when a production
 * server is selected), the page navigation and server list on the left, the current page in the middle and a
 * status bar saying what each server is doing.
 */
public final class ConsoleShell {

    /** Pages are created once the shell's context exists (they receive it). */
    public interface PageFactory extends Function<ShellContext, List<Page>> {
    }

    private static final java.time.format.DateTimeFormatter STATUS_TIME = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Stage stage;
    private final ServerWorkspace workspace;
    private final UiPrefs prefs;
    private final ScheduledExecutorService background;
    private final Executor ui;
    private final Consumer<ServerItem> toggleMute;
    private final ReadOnlyStringWrapper statusMessage = new ReadOnlyStringWrapper("");
    private final PageNav nav;
    private final ToggleGroup navGroup = new ToggleGroup();
    private final List<ShortcutsDialog.Shortcut> shortcuts = new ArrayList<>();
    private final Context context = new Context();
    private final BorderPane root = new BorderPane();
    private ServerSidebar sidebar;
    private Theme theme;
    private final javafx.beans.property.ObjectProperty<Theme> themeProperty = new javafx.beans.property.SimpleObjectProperty<>();

    public ConsoleShell(Stage stage, ServerWorkspace workspace, UiPrefs prefs, Theme theme,
                        ScheduledExecutorService background, Executor ui, Consumer<ServerItem> toggleMute,
                        PageFactory pages) {
        this.stage = stage;
        this.workspace = workspace;
        this.prefs = prefs;
        this.theme = theme;
        this.themeProperty.set(theme);
        this.background = background;
        this.ui = ui;
        this.toggleMute = toggleMute;
        theme.apply();
        this.nav = new PageNav(pages.apply(context));
        build();
    }

    private void build() {
        root.getStyleClass().add("console-root");
        root.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("dark"), theme == Theme.DARK);
        sidebar = new ServerSidebar(workspace, this::addServer, this::editServer, this::removeServer, toggleMute);

        VBox left = new VBox(navBar(), sidebar.view());
        left.getStyleClass().add("console-left");
        VBox.setVgrow(sidebar.view(), Priority.ALWAYS);
        left.setMinWidth(200);
        left.setPrefWidth(270);

        SplitPane split = new SplitPane(left, nav.host());
        split.setDividerPositions(0.17);
        SplitPane.setResizableWithParent(left, false);

        root.setTop(new VBox(menuBar(), envBanner()));
        root.setCenter(split);
        root.setBottom(statusBar());

        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(root, Math.min(1600, screen.getWidth()), Math.min(1000, screen.getHeight()));
        scene.getStylesheets().add(ConsoleShell.class.getResource("/com/dazzleops/console/app/console.css").toExternalForm());
        installShortcuts(scene);
        installDrop(scene);
        stage.setScene(scene);
        stage.titleProperty().bind(Bindings.createStringBinding(() -> {
            ServerItem s = workspace.selectedProperty().get();
            return "Dazzle Ops Console" + (s == null ? "" : " — " + s.profile().displayName());
        }, workspace.selectedProperty()));
    }

    // ---- navigation --------------------------------------------------------------------------------------------

    private Node navBar() {
        VBox box = new VBox(2);
        box.getStyleClass().add("page-nav");
        box.setPadding(new Insets(8, 6, 8, 6));
        Label heading = new Label("PAGES");
        heading.getStyleClass().add("sidebar-heading");
        heading.setPadding(new Insets(0, 0, 2, 6));
        box.getChildren().add(heading);
        int i = 1;
        for (Page p : nav.pages()) {
            ToggleButton b = new ToggleButton(p.title(), new FontIcon(p.iconLiteral()));
            b.setId("nav-" + p.id());
            b.setToggleGroup(navGroup);
            b.setUserData(p);
            b.getStyleClass().add("nav-button");
            b.setMaxWidth(Double.MAX_VALUE);
            b.setAlignment(Pos.CENTER_LEFT);
            b.setOnAction(e -> {
                nav.show(p);
                if (!b.isSelected()) {
                    b.setSelected(true);
                }
            });
            if (i <= 9) {
                b.setTooltip(new javafx.scene.control.Tooltip(p.title() + " (Ctrl+" + i + ")"));
            }
            box.getChildren().add(b);
            i++;
        }
        nav.currentProperty().addListener((o, a, p) -> {
            navGroup.getToggles().stream().filter(t -> t.getUserData() == p).findFirst()
                    .ifPresent(t -> t.setSelected(true));
            if (p != null) {
                prefs.put("page", p.id());
            }
        });
        return box;
    }

    /** Shows the page with this id, or the first page when there is none. */
    public void showPage(String id) {
        if (id == null || !nav.show(id)) {
            if (!nav.pages().isEmpty()) {
                nav.show(nav.pages().get(0));
            }
        }
    }

    public PageNav nav() {
        return nav;
    }

    /** Offers files (trace databases, ...) to the pages. */
    public void open(List<Path> files) {
        for (Path f : files) {
            if (!nav.open(f)) {
                context.status("No page can open " + f.getFileName());
            }
        }
    }

    // ---- menus and shortcuts -----------------------------------------------------------------------------------

    private MenuBar menuBar() {
        MenuItem add = item("Add server…", "mdi2p-plus", new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN),
                this::addServer);
        add.setId("menuAddServer");
        MenuItem edit = item("Edit selected server…", "mdi2p-pencil",
                new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN),
                () -> workspace.selected().ifPresent(this::editServer));
        MenuItem remove = item("Remove selected server…", "mdi2d-delete-outline", null,
                () -> workspace.selected().ifPresent(this::removeServer));
        MenuItem mute = item("Mute / unmute alerts for selected server", "mdi2b-bell-off-outline",
                new KeyCodeCombination(KeyCode.M, KeyCombination.SHORTCUT_DOWN),
                () -> workspace.selected().ifPresent(toggleMute));
        MenuItem openTrace = item("Open trace file…", "mdi2f-folder-open-outline",
                new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::openFile);
        MenuItem quit = item("Quit", null, new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), stage::close);
        Menu file = new Menu("File", null, add, edit, remove, mute, new SeparatorMenuItem(), openTrace,
                new SeparatorMenuItem(), quit);

        ToggleGroup themes = new ToggleGroup();
        RadioMenuItem light = new RadioMenuItem("Light theme");
        RadioMenuItem dark = new RadioMenuItem("Dark theme");
        light.setToggleGroup(themes);
        dark.setToggleGroup(themes);
        (theme == Theme.DARK ? dark : light).setSelected(true);
        light.setOnAction(e -> setTheme(Theme.LIGHT));
        dark.setOnAction(e -> setTheme(Theme.DARK));
        MenuItem toggle = item("Toggle light / dark", "mdi2t-theme-light-dark",
                new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), () -> {
                    setTheme(theme.toggled());
                    (theme == Theme.DARK ? dark : light).setSelected(true);
                });
        Menu view = new Menu("View", null, light, dark, toggle, new SeparatorMenuItem());
        int i = 1;
        for (Page p : nav.pages()) {
            KeyCombination key = i <= 9
                    ? new KeyCodeCombination(KeyCode.getKeyCode(String.valueOf(i)), KeyCombination.SHORTCUT_DOWN) : null;
            view.getItems().add(item(p.title(), p.iconLiteral(), key, () -> nav.show(p)));
            i++;
        }
        view.getItems().addAll(new SeparatorMenuItem(),
                item("Go to server list", "mdi2s-server", new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN),
                        () -> sidebar.list().requestFocus()),
                item("Find a server in the fleet", "mdi2m-magnify", new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN),
                        () -> {
                            if (nav.show("fleet")) {
                                javafx.scene.Node f = root.lookup("#fleetFilter");
                                if (f != null) {
                                    f.requestFocus();
                                }
                            }
                        }),
                item("Previous server", null, new KeyCodeCombination(KeyCode.UP, KeyCombination.ALT_DOWN),
                        () -> moveSelection(-1)),
                item("Next server", null, new KeyCodeCombination(KeyCode.DOWN, KeyCombination.ALT_DOWN),
                        () -> moveSelection(1)));

        MenuItem keys = item("Keyboard shortcuts", "mdi2k-keyboard-outline", new KeyCodeCombination(KeyCode.F1),
                () -> ShortcutsDialog.show(stage, shortcuts));
        MenuItem about = new MenuItem("About Dazzle Ops Console");
        about.setOnAction(e -> {
            Alert a = new Alert(Alert.AlertType.INFORMATION);
            a.initOwner(stage);
            a.setTitle("About");
            a.setHeaderText("Dazzle Ops Console");
            a.setContentText("Watches Dazzle runtime servers: health checks, event bus, outbox, consumer lag, alerts.");
            a.show();
        });
        Menu help = new Menu("Help", null, keys, about);
        MenuBar bar = new MenuBar(file, view, help);
        bar.setId("menuBar");
        return bar;
    }

    private MenuItem item(String text, String icon, KeyCombination key, Runnable action) {
        MenuItem m = new MenuItem(text, icon == null ? null : new FontIcon(icon));
        m.setOnAction(e -> action.run());
        if (key != null) {
            m.setAccelerator(key);
            shortcuts.add(new ShortcutsDialog.Shortcut(key.getDisplayText(), text.replace("…", "")));
        }
        return m;
    }

    private void installShortcuts(Scene scene) {
        // accelerators live on the menu items; these extras are not menu actions
        shortcuts.add(new ShortcutsDialog.Shortcut("Right-click a server", "Edit, mute or remove it"));
        shortcuts.add(new ShortcutsDialog.Shortcut("Drop a .db file", "Open it (trace files)"));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.SLASH, KeyCombination.SHORTCUT_DOWN),
                () -> ShortcutsDialog.show(stage, shortcuts));
    }

    private void installDrop(Scene scene) {
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().getFiles();
            open(files.stream().map(File::toPath).toList());
            e.setDropCompleted(true);
            e.consume();
        });
    }

    private void moveSelection(int delta) {
        var list = workspace.servers();
        if (list.isEmpty()) {
            return;
        }
        int idx = workspace.selected().map(list::indexOf).orElse(-1);
        int next = Math.floorMod(idx + delta, list.size());
        workspace.select(list.get(next));
    }

    private void setTheme(Theme t) {
        theme = t;
        t.apply();
        themeProperty.set(t);
        root.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("dark"), t == Theme.DARK);
        prefs.put("theme", t.key());
        context.status((t == Theme.DARK ? "Dark" : "Light") + " theme");
    }

    public Theme theme() {
        return theme;
    }

    // ---- server actions ----------------------------------------------------------------------------------------

    public void addServer() {
        new ServerDialog(stage, new ServerDialogViewModel(workspace.registry(), background, ui))
                .show(p -> {
                    workspace.select(p.id());
                    context.status("Added " + p.displayName() + " (" + p.baseUrlText() + ")");
                });
    }

    private void editServer(ServerItem item) {
        new ServerDialog(stage, new ServerDialogViewModel(workspace.registry(), background, ui, item.profile()))
                .show(p -> context.status("Saved " + p.displayName()));
    }

    private void removeServer(ServerItem item) {
        String name = item.profile().displayName();
        ButtonType remove = new ButtonType("Remove " + name, ButtonBar.ButtonData.OK_DONE);
        Alert confirm = new Alert(Alert.AlertType.WARNING, "", remove, ButtonType.CANCEL);
        confirm.initOwner(stage);
        confirm.setTitle("Remove server");
        confirm.setHeaderText("Stop watching " + name + "?");
        confirm.setContentText(item.profile().baseUrlText() + " (" + item.profile().environment().label()
                + ") leaves the server list. Its sample history stays on disk.");
        confirm.showAndWait().filter(remove::equals).ifPresent(b -> background.execute(() -> {
            try {
                workspace.registry().remove(item.id());
                ui.execute(() -> context.status("Removed " + name));
            } catch (RuntimeException e) {
                ui.execute(() -> context.status("Could not remove " + name + ": " + e.getMessage()));
            }
        }));
    }

    private void openFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open trace file");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Dazzle perf traces (*.db)", "*.db"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File f = fc.showOpenDialog(stage);
        if (f != null) {
            open(List.of(f.toPath()));
        }
    }

    // ---- banner and status bar ---------------------------------------------------------------------------------

    private Node envBanner() {
        Label label = new Label();
        label.setId("envBanner");
        label.getStyleClass().add("env-banner-label");
        HBox banner = new HBox(label);
        banner.getStyleClass().add("env-banner");
        banner.setAlignment(Pos.CENTER);
        Runnable update = () -> {
            ServerItem s = workspace.selectedProperty().get();
            if (s == null) {
                banner.setVisible(false);
                banner.setManaged(false);
                return;
            }
            var p = s.profile();
            boolean prod = s.isProduction();
            banner.setVisible(true);
            banner.setManaged(true);
            banner.setStyle("-fx-background-color: " + p.colour() + ";");
            banner.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("production"), prod);
            label.setText(prod
                    ? "PRODUCTION  ·  " + p.displayName() + "  ·  " + p.baseUrlText() + (p.readOnly() ? "  ·  read-only" : "")
                    : p.environment().label().toUpperCase(Locale.ROOT) + "  ·  " + p.displayName()
                    + (p.readOnly() ? "  ·  read-only" : ""));
        };
        workspace.selectedProperty().addListener((o, a, b) -> {
            update.run();
            if (b != null) {
                b.profileProperty().addListener((oo, aa, bb) -> update.run());
            }
        });
        workspace.selected().ifPresent(s -> s.profileProperty().addListener((oo, aa, bb) -> update.run()));
        update.run();
        return banner;
    }

    private Node statusBar() {
        Label message = new Label();
        message.setId("statusMessage");
        message.textProperty().bind(statusMessage);
        Label selected = new Label();
        selected.setId("statusSelected");
        Label fleet = new Label();
        fleet.setId("statusFleet");
        Runnable update = () -> {
            ServerItem s = workspace.selectedProperty().get();
            String polled = s == null || s.snapshot() == null || s.snapshot().status() == com.dazzleops.console.core.monitor.ServerStatus.UNKNOWN
                    ? "" : " · last poll " + STATUS_TIME.format(s.snapshot().polledAt().atZone(java.time.ZoneId.systemDefault()));
            selected.setText(s == null ? "" : s.profile().displayName() + ": " + s.activityProperty().get() + polled);
            long stale = workspace.servers().stream().filter(i -> i.downProperty().get()).count();
            int n = workspace.servers().size();
            fleet.setText(n == 0 ? "no servers" : n + (n == 1 ? " server" : " servers")
                    + (stale == 0 ? ", all answering" : ", " + stale + " down"));
        };
        // once per batch of snapshots (the workspace's revision), not once per server and property
        javafx.beans.InvalidationListener any = o -> update.run();
        workspace.revisionProperty().addListener(any);
        workspace.servers().addListener(any);
        workspace.selectedProperty().addListener(any);
        update.run();
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(16, selected, message, grow, fleet);
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(3, 10, 3, 10));
        return bar;
    }

    public Stage stage() {
        return stage;
    }

    public ShellContext context() {
        return context;
    }

    /** The window is going away: pages stop their work. */
    public void close() {
        nav.close();
    }

    private final class Context implements ShellContext {
        @Override
        public ScheduledExecutorService background() {
            return background;
        }

        @Override
        public Executor ui() {
            return ui;
        }

        @Override
        public Window window() {
            return stage;
        }

        @Override
        public void status(String message) {
            ui.execute(() -> statusMessage.set(message));
        }

        @Override
        public java.util.Optional<ServerWorkspace> servers() {
            return java.util.Optional.of(workspace);
        }

        @Override
        public javafx.beans.value.ObservableValue<Theme> theme() {
            return themeProperty;
        }

        @Override
        public boolean showPage(String pageId) {
            return nav.show(pageId);
        }
    }
}
