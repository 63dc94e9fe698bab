package com.dazzleops.server.spi;

import com.dazzleops.server.db.Dialect;

import java.sql.Connection;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One entity write, handed to every {@link EntityWriteHook} inside the write's JDBC transaction.
 *
 * <p>Row maps hold stored values keyed by field name, in field order: {@code String} for uuid/str/text/enum/ref/date
 * and datetimes (stored text, {@code 2026-05-22T09:14:03.512907+00:00}), {@code Long} for int, {@code BigDecimal} for
 * decimal, {@code Double} for float, {@code Boolean} for bool; absent values are {@code null}. The maps are read-only.
 *
 * @param connection the transaction's connection: write outbox rows with it, never commit or close it
 * @param operation create, update or delete
 * @param before the row before the write (null for create)
 * @param after the row after the write (null for delete)
 * @param transition the state-machine transition this write performs, if any
 * @param actor who writes
 * @param at the write's timestamp (from the server clock)
 */
public record EntityWrite(Connection connection, Dialect dialect, String entity, Operation operation,
                          Map<String, Object> before, Map<String, Object> after,
                          Optional<StateChange> transition, Actor actor, Instant at, AfterCommit afterCommit) {

    public enum Operation { CREATE, UPDATE, DELETE }

    /**
     * A state-machine move on {@code field} from {@code from} to {@code to}; {@link #name()} is {@code from->to}.
     */
    public record StateChange(String field, String from, String to) {
        public String name() {
            return from + "->" + to;
        }
    }

    /** Registers work to run after the transaction commits (never on rollback), e.g. to wake a relay. */
    @FunctionalInterface
    public interface AfterCommit {
        void add(Runnable task);
    }

    /** The entity id ({@code after.id}, else {@code before.id}). */
    public String entityId() {
        Object id = after != null ? after.get("id") : before.get("id");
        return id == null ? null : id.toString();
    }

    /** Convenience: true when this write moves {@code field} to {@code to}. */
    public boolean movesTo(String to) {
        return transition.isPresent() && transition.get().to().equals(to);
    }
}
