package com.dazzleops.server.spi;

import java.sql.SQLException;

/**
 * Called inside the transaction of every entity write (create, update incl. state transitions, delete), after the row
 * is written and before commit. Throwing rolls the whole write back (the HTTP caller gets a 500), so the hook's own
 * rows (e.g. outbox events) and the entity change commit together or not at all.
 */
@FunctionalInterface
public interface EntityWriteHook {
    void onWrite(EntityWrite write) throws SQLException;
}
