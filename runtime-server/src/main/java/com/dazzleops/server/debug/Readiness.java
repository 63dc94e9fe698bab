package com.dazzleops.server.debug;

import com.dazzleops.model.ops.debug.Ready;
import com.dazzleops.server.db.Database;
import com.dazzleops.server.spi.ReadinessCheck;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@code /_dazzle/ready}: a live {@code SELECT 1}, then every registered subsystem check. Always HTTP 200. */
public final class Readiness {

    private final Database db;
    private final List<ReadinessCheck> checks = new CopyOnWriteArrayList<>();

    public Readiness(Database db) {
        this.db = db;
    }

    public void add(ReadinessCheck check) {
        checks.add(check);
    }

    public Ready ready() {
        if (!db.ping()) {
            return Ready.notReady();
        }
        for (ReadinessCheck c : checks) {
            ReadinessCheck.Result r;
            try {
                r = c.check();
            } catch (RuntimeException e) {
                r = ReadinessCheck.Result.notReady(e.getMessage() == null ? "check failed" : e.getMessage());
            }
            if (!r.ok()) {
                return new Ready(false, "ok", r.reason());
            }
        }
        return Ready.ok();
    }
}
