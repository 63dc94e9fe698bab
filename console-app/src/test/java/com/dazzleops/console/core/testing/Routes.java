package com.dazzleops.console.core.testing;

import com.dazzleops.console.core.client.HttpAnswer;
import com.dazzleops.model.fixtures.Fixtures;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A mutable path → answer table shared by {@link FixtureServer} (real HTTP) and {@link FixtureTransport}. */
public final class Routes {

    private final Map<String, HttpAnswer> byTarget = new ConcurrentHashMap<>();
    private volatile boolean down;

    /** Answers {@code path} (exact target with query, else path without query) with a fixture's status and body. */
    public Routes fixture(String path, String resource) {
        Fixtures.Fixture f = Fixtures.byResource(resource);
        byTarget.put(path, new HttpAnswer(f.status(), f.body(), f.contentType(), null));
        return this;
    }

    public Routes answer(String path, int status, String body) {
        byTarget.put(path, new HttpAnswer(status, body, "application/json", null));
        return this;
    }

    public Routes remove(String path) {
        byTarget.remove(path);
        return this;
    }

    /** While down, {@link FixtureTransport} answers nothing (a {@link FixtureServer} should be closed instead). */
    public void setDown(boolean d) {
        down = d;
    }

    public boolean isDown() {
        return down;
    }

    /** The answer for a request target; 404 {"detail":"Not Found"} when nothing matches. */
    public HttpAnswer lookup(String target) {
        HttpAnswer a = byTarget.get(target);
        if (a == null) {
            int q = target.indexOf('?');
            a = byTarget.get(q < 0 ? target : target.substring(0, q));
        }
        return a != null ? a : new HttpAnswer(404, "{\"detail\":\"Not Found\"}", "application/json", null);
    }

    /** A healthy invoice_ops server as our runtime-server would answer (jobs, events, approvals). */
    public static Routes healthy() {
        return new Routes()
                .fixture("/_dazzle/ready", "ops/ready/ready.json")
                .fixture("/_dazzle/health", "ops/health/ok.json")
                .fixture("/health", "ops/root-health/example.json")
                .fixture("/_dazzle/stats", "ops/stats/example.json")
                .answer("/_dazzle/events/status", 200,
                        "{\"running\":true,\"broker_type\":\"PostgresBus\",\"topics_count\":2,\"consumers_count\":1,"
                                + "\"outbox_pending\":0,\"dlq_count\":0}")
                .answer("/_dazzle/events/consumers", 200,
                        "{\"consumers\":[{\"group_id\":\"projection-InvoiceStatusView\",\"topic\":\"invoice_events\","
                                + "\"last_sequence\":1420,\"lag\":3}]}")
                .answer("/_dazzle/events/outbox", 200, "{\"stats\":{\"pending\":0,\"publishing\":0,\"published\":57,"
                        + "\"failed\":0,\"oldest_pending\":null},\"recent_entries\":[]}")
                .answer("/_dazzle/events/dlq", 200, "{\"entries\":[],\"total\":0}")
                .fixture("/_dazzle/jobs", "ops/jobs/status.json")
                .answer("/_dazzle/jobs/runs", 200, "{\"runs\":[],\"total\":0,\"limit\":100}")
                .fixture("/jobruns", "ops/jobruns/empty.json")
                .fixture("/_dazzle/approvals/pending", "ops/approvals/example.json");
    }
}
