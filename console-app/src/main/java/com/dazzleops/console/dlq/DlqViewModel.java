package com.dazzleops.console.dlq;

import com.dazzleops.console.core.client.DazzleClient;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.model.events.DLQEntry;
import com.dazzleops.model.events.DLQResponse;
import com.dazzleops.model.events.EventDetail;
import com.dazzleops.model.events.ReplayResult;
import com.dazzleops.model.json.Wire;
import com.dazzleops.model.json.WireResult;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The DLQ browser of one server: the dead-letter entries (newest first, as the server lists them), filtered by
 * topic on the server and by consumer group here (Dazzle has no group filter), the selected entry's event, and
 * replay of the selected entry to its consumer group.
 *
 * <p>All state lives on the UI thread; HTTP runs on {@code background}. Answers that arrive after the operator moved
 * on (another server, another filter) are dropped. A failed refresh keeps the last list and says why in
 * {@link #errorProperty()}: nothing the operator was looking at disappears because one request failed.
 */
public final class DlqViewModel {

    /** Dazzle caps {@code limit} at 100 (a larger value is a 422). */
    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 50;

    /** How a replay ended, for the status line. */
    public record ReplayOutcome(DLQEntry entry, boolean replayed, String text) {
    }

    private final Executor background;
    private final Executor ui;
    private final Function<ServerProfile, DazzleClient> clients;

    private final ObjectProperty<ServerProfile> server = new SimpleObjectProperty<>();
    private final StringProperty topic = new SimpleStringProperty("");
    private final StringProperty group = new SimpleStringProperty("");
    private final IntegerProperty limit = new SimpleIntegerProperty(DEFAULT_LIMIT);
    private final ObservableList<DLQEntry> fetched = FXCollections.observableArrayList();
    private final FilteredList<DLQEntry> entries = new FilteredList<>(fetched);
    private final ObservableList<String> topics = FXCollections.observableArrayList();
    private final ObservableList<String> groups = FXCollections.observableArrayList();
    private final ReadOnlyLongWrapper total = new ReadOnlyLongWrapper(0);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("Select a server to see its dead letters.");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
    private final ObjectProperty<DLQEntry> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper eventText = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper replaying = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<ReplayOutcome> lastReplay = new ReadOnlyObjectWrapper<>();
    private final StringBinding replayBlockedReason;
    private final BooleanBinding canReplay;

    /** True while a fresh list replaces the old one: the table drops and restores its selection meanwhile. */
    private boolean replacingList;
    private long listGeneration;
    private long eventGeneration;
    private boolean loadedOnce;

    public DlqViewModel(Executor background, Executor ui, Function<ServerProfile, DazzleClient> clients) {
        this.background = Objects.requireNonNull(background, "background");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.clients = Objects.requireNonNull(clients, "clients");
        replayBlockedReason = Bindings.createStringBinding(this::blockedReason, selected, replaying, server);
        canReplay = replayBlockedReason.isNull();
        group.addListener((o, a, b) -> applyGroupFilter());
        server.addListener((o, a, b) -> {
            if (!sameServer(a, b)) {
                fetched.clear();
                topics.clear();
                groups.clear();
                total.set(0);
                error.set(null);
                lastReplay.set(null);
                loadedOnce = false;
                topic.set("");
                group.set("");
            }
            refresh();
        });
        topic.addListener((o, a, b) -> refresh());
        limit.addListener((o, a, b) -> refresh());
        selected.addListener((o, a, b) -> {
            if (!replacingList) {
                loadEvent(b);
            }
        });
    }

    private static boolean sameServer(ServerProfile a, ServerProfile b) {
        return a != null && b != null && a.id().equals(b.id());
    }

    private String blockedReason() {
        ServerProfile p = server.get();
        if (p == null) {
            return "No server selected.";
        }
        if (p.readOnly()) {
            return p.displayName() + " is marked read-only: replay is disabled.";
        }
        if (selected.get() == null) {
            return "Select an entry to replay it.";
        }
        if (replaying.get()) {
            return "A replay is in progress.";
        }
        return null;
    }

    // ---- list ------------------------------------------------------------------------------------------------------

    /** Asks the server for the list again (UI thread). */
    public void refresh() {
        ServerProfile p = server.get();
        long gen = ++listGeneration;
        if (p == null) {
            loading.set(false);
            summary.set("Select a server to see its dead letters.");
            return;
        }
        String t = topic.get() == null ? "" : topic.get().trim();
        int n = Math.max(1, Math.min(MAX_LIMIT, limit.get()));
        loading.set(true);
        background.execute(() -> {
            WireResult<DLQResponse> r;
            try {
                r = clients.apply(p).dlq(t, n);
            } catch (RuntimeException e) { // the client promises not to throw; a panel error if it ever does
                r = WireResult.failure(WireResult.Kind.MALFORMED, 0, e.toString(), null);
            }
            WireResult<DLQResponse> result = r;
            ui.execute(() -> {
                if (gen != listGeneration) {
                    return;
                }
                loading.set(false);
                apply(p, t, result);
            });
        });
    }

    private void apply(ServerProfile p, String t, WireResult<DLQResponse> r) {
        if (r.isOk()) {
            DLQResponse body = r.valueIfOk().orElseThrow();
            DLQEntry keep = selected.get();
            replacingList = true;
            try {
                fetched.setAll(body.entries());
                total.set(body.total());
                error.set(null);
                loadedOnce = true;
                remember(topics, body.entries().stream().map(DLQEntry::topic).toList(), t);
                remember(groups, body.entries().stream().map(DLQEntry::groupId).toList(), group.get());
                applyGroupFilter();
                selected.set(keep == null ? null : find(keep).orElse(null));
            } finally {
                replacingList = false;
            }
            if (keep != null && selected.get() == null) {
                loadEvent(null); // the selected entry left the DLQ (replayed, or by someone else)
            }
            return;
        }
        WireResult.Failure<DLQResponse> f = r.failure().orElseThrow();
        error.set(describe(p, f));
        if (!loadedOnce) {
            summary.set("No dead-letter list from " + p.displayName() + ".");
        }
    }

    private java.util.Optional<DLQEntry> find(DLQEntry e) {
        return fetched.stream().filter(x -> x.eventId().equals(e.eventId()) && x.groupId().equals(e.groupId()))
                .findFirst();
    }

    private static void remember(ObservableList<String> known, List<String> seen, String current) {
        TreeSet<String> all = new TreeSet<>(known);
        all.addAll(seen);
        if (current != null && !current.isBlank()) {
            all.add(current.trim());
        }
        if (!all.equals(new TreeSet<>(known))) {
            known.setAll(all);
        }
    }

    private void applyGroupFilter() {
        String g = group.get() == null ? "" : group.get().trim();
        entries.setPredicate(g.isEmpty() ? null : e -> e.groupId().equals(g));
        updateSummary();
    }

    private void updateSummary() {
        ServerProfile p = server.get();
        if (p == null) {
            summary.set("Select a server to see its dead letters.");
            return;
        }
        if (!loadedOnce) {
            return;
        }
        String scope = topic.get() == null || topic.get().isBlank() ? "" : " on " + topic.get().trim();
        int shown = entries.size();
        int listed = fetched.size();
        if (total.get() == 0) {
            summary.set("The DLQ of " + p.displayName() + " is empty" + scope + ".");
        } else if (shown == listed) {
            summary.set(String.format(java.util.Locale.ROOT, "%d of %d dead letters%s, newest first", listed,
                    total.get(), scope));
        } else {
            summary.set(String.format(java.util.Locale.ROOT, "%d for group %s, of %d listed (%d in all%s)", shown,
                    group.get().trim(), listed, total.get(), scope));
        }
    }

    static String describe(ServerProfile p, WireResult.Failure<?> f) {
        String base = p.displayName() + ": ";
        return switch (f.kind()) {
            case NOT_DECLARED -> base + "no event system here (GET /_dazzle/events/dlq is not declared).";
            case UNREACHABLE -> base + "no answer (" + f.message() + "); showing the last list.";
            case INVALID_REQUEST -> base + "the server refused the query: " + f.message();
            case APP_ERROR -> base + "the event system reports: " + f.message();
            case UNAUTHORIZED -> base + "not allowed (" + f.message() + ").";
            case HTTP_ERROR -> base + f.message() + (f.status() >= 500
                    ? " (the event framework may not be running)" : "");
            default -> base + "unreadable answer: " + f.message();
        };
    }

    // ---- the selected entry's event ------------------------------------------------------------------------------

    private void loadEvent(DLQEntry e) {
        long gen = ++eventGeneration;
        ServerProfile p = server.get();
        if (e == null || p == null) {
            eventText.set("");
            return;
        }
        eventText.set("Loading event " + e.eventId() + "…");
        background.execute(() -> {
            String text;
            try {
                text = eventText(clients.apply(p).event(e.eventId()), e);
            } catch (RuntimeException ex) {
                text = "Cannot load the event: " + ex;
            }
            String t = text;
            ui.execute(() -> {
                if (gen == eventGeneration) {
                    eventText.set(t);
                }
            });
        });
    }

    static String eventText(WireResult<EventDetail> r, DLQEntry e) {
        if (r.isOk()) {
            try {
                return Wire.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(r.valueIfOk().orElseThrow());
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                return "Cannot show the event: " + ex.getOriginalMessage();
            }
        }
        WireResult.Failure<EventDetail> f = r.failure().orElseThrow();
        if (f.kind() == WireResult.Kind.MALFORMED && "null".equals(String.valueOf(f.body()).trim())) {
            return "The bus no longer has event " + e.eventId() + " (GET /_dazzle/events/event/" + e.eventId()
                    + " answered null). The DLQ entry can still be replayed on servers that keep the envelope.";
        }
        if (f.kind() == WireResult.Kind.NOT_DECLARED) {
            return "This server has no event detail route (GET /_dazzle/events/event/{id}).";
        }
        return "Cannot load the event: " + f.message();
    }

    // ---- replay ----------------------------------------------------------------------------------------------------

    /** Replays the selected entry to its group (UI thread; the request runs in the background). */
    public void replaySelected() {
        DLQEntry e = selected.get();
        ServerProfile p = server.get();
        if (!isReplayAllowed()) {
            return;
        }
        replaying.set(true);
        lastReplay.set(null);
        background.execute(() -> {
            ReplayOutcome outcome;
            try {
                outcome = outcome(e, clients.apply(p).replay(e.eventId(), e.groupId()));
            } catch (RuntimeException ex) {
                outcome = new ReplayOutcome(e, false, "Replay of " + e.eventId() + " failed: " + ex);
            }
            ReplayOutcome o = outcome;
            ui.execute(() -> {
                replaying.set(false);
                lastReplay.set(o);
                if (sameServer(p, server.get())) {
                    refresh();
                }
            });
        });
    }

    static ReplayOutcome outcome(DLQEntry e, WireResult<ReplayResult> r) {
        String who = "event " + e.eventId() + " to " + e.groupId();
        if (r.isOk()) {
            ReplayResult body = r.valueIfOk().orElseThrow();
            return switch (body.outcome()) {
                case REPLAYED -> new ReplayOutcome(e, true, "Replayed " + who + ": " + body.text());
                case NOT_IN_DLQ -> new ReplayOutcome(e, false, "Not replayed: " + body.text()
                        + " (already replayed or cleared by someone else).");
                case FAILED -> new ReplayOutcome(e, false, "Replay of " + who + " failed: the handler failed again or"
                        + " this server instance does not run that consumer group (the server's log says which).");
                case NOT_RUNNING -> new ReplayOutcome(e, false, "Not replayed: the event system is not running.");
                case OTHER_FAILURE -> new ReplayOutcome(e, false, "Not replayed: " + body.text());
            };
        }
        WireResult.Failure<ReplayResult> f = r.failure().orElseThrow();
        if (f.kind() == WireResult.Kind.UNAUTHORIZED || f.status() == 403) {
            return new ReplayOutcome(e, false, "The server refused the replay (" + f.message() + "). Behind a proxy"
                    + " that rewrites the Host header, add a bearer token to this server's profile.");
        }
        return new ReplayOutcome(e, false, "Replay of " + who + " failed: " + f.message());
    }

    // ---- properties ------------------------------------------------------------------------------------------------

    /** The selected entry, or null. */
    public DLQEntry getSelected() {
        return selected.get();
    }

    /** The server shown, or null. */
    public ServerProfile getServer() {
        return server.get();
    }

    public int getLimit() {
        return limit.get();
    }

    /** True when the selected entry may be replayed now (see {@link #replayBlockedReasonProperty()}). */
    public boolean isReplayAllowed() {
        return canReplay.get();
    }

    public ObjectProperty<ServerProfile> serverProperty() {
        return server;
    }

    public StringProperty topicProperty() {
        return topic;
    }

    public StringProperty groupProperty() {
        return group;
    }

    public IntegerProperty limitProperty() {
        return limit;
    }

    /** The listed entries after the group filter. */
    public ObservableList<DLQEntry> entries() {
        return entries;
    }

    /** Topics seen so far on this server (for the filter's choices). */
    public ObservableList<String> topics() {
        return topics;
    }

    /** Consumer groups seen so far on this server. */
    public ObservableList<String> groups() {
        return groups;
    }

    public javafx.beans.property.ReadOnlyLongProperty totalProperty() {
        return total.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Why the last refresh failed, or null. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ObjectProperty<DLQEntry> selectedProperty() {
        return selected;
    }

    /** The selected entry's event as pretty JSON, or why it cannot be shown. */
    public ReadOnlyStringProperty eventTextProperty() {
        return eventText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty replayingProperty() {
        return replaying.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ReplayOutcome> lastReplayProperty() {
        return lastReplay.getReadOnlyProperty();
    }

    public BooleanBinding canReplay() {
        return canReplay;
    }

    /** Why replay is disabled now, or null when it is enabled. */
    public StringBinding replayBlockedReasonProperty() {
        return replayBlockedReason;
    }
}
