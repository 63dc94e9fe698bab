package com.dazzleops.model.ops.audit;

import com.dazzleops.model.ops.OpsCollections;

import java.util.List;

/**
 * {@code GET /_dazzle/audit/logs} and {@code GET /_dazzle/audit/logs/{entity_name}/{entity_id}} (wire-ops §4.2,
 * §4.3): newest first, at most {@code limit} (1..1000, default 100; 422 outside).
 *
 * <p>Quirks: no paging and no total: {@code count} is just the number of rows returned; an unknown entity/id gives
 * an empty list, never 404. With app auth on: 401 {@code Not authenticated} / {@code Session expired}, 403
 * {@code Admin access required} for non-superusers; with auth off, no auth at all. The routes are only mounted when
 * some entity has access rules (404 otherwise). DB failure is a 500.
 *
 * @param logs audit rows
 * @param count {@code logs.size()}
 */
public record AuditLogs(List<AuditRecord> logs, int count) {

    public AuditLogs {
        logs = OpsCollections.list(logs);
    }

    /** The body for {@code rows}, {@code count} = the number of rows, as Dazzle computes it. */
    public static AuditLogs of(List<AuditRecord> rows) {
        return new AuditLogs(rows, rows.size());
    }
}
