package com.dazzleops.console.core.alerts;

import com.dazzleops.console.core.checks.Check;
import com.dazzleops.console.core.checks.CheckId;
import com.dazzleops.console.core.checks.CheckLevel;
import com.dazzleops.console.core.monitor.ServerSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Turns check results into alerts. Pure logic on an injected {@link Clock}; no threads, no I/O.
 *
 * <p>Per (server, check): when the check turns BAD the engine notes the time; once it has been BAD for
 * {@link AlertPolicy#hold()} (judged at the next evaluation) an alert is RAISED. A raised alert is CLEARED when the
 * check has not been BAD for {@link AlertPolicy#clear()} without interruption; a BAD reading in between restarts
 * that wait (hysteresis). A BAD reading shorter than the hold time never raises anything.
 *
 * <p>Muting a server suppresses its RAISED and CLEARED events; its state is still tracked and its raised alerts are
 * still listed by {@link #active()}, flagged muted. Removing a server forgets its state without events.
 *
 * <p>Thread-safe; listeners run on the calling thread, outside the engine's lock.
 */
public final class AlertEngine {

    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);

    private final Clock clock;
    private volatile AlertPolicy policy;
    private final List<AlertListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Key, State> states = new HashMap<>();
    private final Set<String> muted = new HashSet<>();

    private record Key(String serverId, CheckId check) {
    }

    private static final class State {
        String serverName;
        Instant badSince;      // null when the latest reading is not BAD
        Instant goodSince;     // null when the latest reading is BAD
        Instant raisedAt;      // null when not raised
        Check last;
    }

    public AlertEngine(Clock clock, AlertPolicy policy) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public AlertPolicy policy() {
        return policy;
    }

    public void setPolicy(AlertPolicy p) {
        this.policy = Objects.requireNonNull(p, "policy");
    }

    public void addListener(AlertListener l) {
        listeners.add(l);
    }

    public void removeListener(AlertListener l) {
        listeners.remove(l);
    }

    /** Feeds one snapshot's checks (stale restored snapshots are ignored: they are not observations). */
    public void onSnapshot(ServerSnapshot s) {
        if (s.stale() && s.consecutiveFailures() == 0) {
            return;
        }
        evaluate(s.serverId(), s.server().displayName(), s.checks());
    }

    /** Feeds one server's current checks and emits whatever they cause. */
    public void evaluate(String serverId, String serverName, Collection<Check> checks) {
        Instant now = clock.instant();
        AlertPolicy p = policy;
        List<AlertEvent> out = new ArrayList<>();
        synchronized (this) {
            boolean isMuted = muted.contains(serverId);
            for (Check c : checks) {
                State st = states.computeIfAbsent(new Key(serverId, c.id()), k -> new State());
                st.serverName = serverName;
                st.last = c;
                if (c.level() == CheckLevel.BAD) {
                    st.goodSince = null;
                    if (st.badSince == null) {
                        st.badSince = now;
                    }
                    if (st.raisedAt == null && !Duration.between(st.badSince, now).minus(p.hold()).isNegative()) {
                        st.raisedAt = now;
                        if (!isMuted) {
                            out.add(event(AlertEvent.Kind.RAISED, now, serverId, st, st.badSince));
                        }
                    }
                } else {
                    st.badSince = null;
                    if (st.goodSince == null) {
                        st.goodSince = now;
                    }
                    if (st.raisedAt != null && !Duration.between(st.goodSince, now).minus(p.clear()).isNegative()) {
                        st.raisedAt = null;
                        if (!isMuted) {
                            out.add(event(AlertEvent.Kind.CLEARED, now, serverId, st, st.goodSince));
                        }
                    }
                }
            }
        }
        fire(out);
    }

    private static AlertEvent event(AlertEvent.Kind kind, Instant now, String serverId, State st, Instant since) {
        return new AlertEvent(kind, now, serverId, st.serverName, st.last.id(), st.last.level(), st.last.value(),
                st.last.detail(), since);
    }

    /** Mutes or unmutes a server's alerts. */
    public void mute(String serverId, boolean mute) {
        synchronized (this) {
            if (mute) {
                muted.add(serverId);
            } else {
                muted.remove(serverId);
            }
        }
    }

    public synchronized boolean isMuted(String serverId) {
        return muted.contains(serverId);
    }

    /** Forgets a removed server (no events). */
    public synchronized void forget(String serverId) {
        states.keySet().removeIf(k -> k.serverId().equals(serverId));
        muted.remove(serverId);
    }

    /** The alerts raised now, oldest first (muted ones flagged). */
    public synchronized List<Alert> active() {
        List<Alert> out = new ArrayList<>();
        states.forEach((k, st) -> {
            if (st.raisedAt != null) {
                out.add(new Alert(k.serverId(), st.serverName, k.check(), st.raisedAt,
                        st.badSince == null ? st.raisedAt : st.badSince, st.last.value(), muted.contains(k.serverId())));
            }
        });
        out.sort(Comparator.comparing(Alert::raisedAt).thenComparing(a -> a.check().ordinal()));
        return out;
    }

    private void fire(List<AlertEvent> events) {
        for (AlertEvent e : events) {
            LOG.info("alert {}: {}", e.kind(), e.headline());
            for (AlertListener l : listeners) {
                try {
                    l.onAlert(e);
                } catch (RuntimeException ex) {
                    LOG.warn("alert listener failed", ex);
                }
            }
        }
    }
}
