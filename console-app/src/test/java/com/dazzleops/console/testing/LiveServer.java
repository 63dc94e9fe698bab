package com.dazzleops.console.testing;

import com.dazzleops.console.core.client.DazzleClient;
import com.dazzleops.console.core.client.OkHttpTransport;
import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.model.events.DLQResponse;
import com.dazzleops.model.json.Wire;
import com.dazzleops.server.RuntimeServer;
import com.dazzleops.server.ServerConfig;
import com.dazzleops.server.audit.RequestInfo;
import com.dazzleops.server.entity.ListQuery;
import com.dazzleops.server.spi.Actor;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

/**
 * A real runtime-server on port 0 for the console's live tests (no demo workload; a small retry budget and backoff so
 * a settlement whose payments fail lands in the DLQ within a second or two), with invoice helpers.
 */
public final class LiveServer implements AutoCloseable {

    private final RuntimeServer server;

    private LiveServer(RuntimeServer server) {
        this.server = server;
    }

    public static LiveServer start() throws Exception {
        System.setProperty("DAZZLE_EVENTS_RETRY_BACKOFF_MS", "40");
        System.setProperty("DAZZLE_EVENTS_RETRY_BUDGET", "3");
        return new LiveServer(RuntimeServer.start(ServerConfig.builder().port(0)
                .dataDir(Files.createTempDirectory("console-live")).demo(false).workers(false).build()));
    }

    public RuntimeServer server() {
        return server;
    }

    public ServerProfile profile(String name, boolean readOnly) {
        return ServerProfile.create(name, server.baseUrl(), Environment.STAGING).withReadOnly(readOnly);
    }

    /** Creates an invoice, submits it and approves it; {@code paymentScript} scripts the provider first (or null). */
    public String approvedInvoice(String number, String paymentScript) throws Exception {
        Map<String, Object> supplier = server.entities().list(Actor.SYSTEM, "Supplier", ListQuery.firstPage(1),
                RequestInfo.NONE).items().get(0);
        Map<String, Object> inv = new LinkedHashMap<>();
        inv.put("tenant_id", supplier.get("tenant_id"));
        inv.put("invoice_number", number);
        inv.put("supplier", supplier.get("id"));
        inv.put("amount", 99.90);
        inv.put("currency", "EUR");
        inv.put("status", "draft");
        String id = (String) server.entities().create(Actor.SYSTEM, "Invoice", Wire.mapper().valueToTree(inv),
                RequestInfo.NONE).get("id");
        update(id, "submitted");
        if (paymentScript != null) {
            server.integrations().paymentProvider().script(id, paymentScript);
        }
        update(id, "approved");
        return id;
    }

    /** An approved invoice whose three payment attempts fail permanently: its settlement ends in the DLQ. */
    public String deadLetteredSettlement(String number) throws Exception {
        String id = approvedInvoice(number, "permanent,permanent,permanent");
        try (OkHttpTransport transport = new OkHttpTransport()) {
            DazzleClient client = new DazzleClient(profile("probe", true), transport);
            await("the settlement of " + number + " in the DLQ", 60, () -> client.dlq("invoice_events", 100).valueIfOk()
                    .map(DLQResponse::entries).orElse(List.of()).stream()
                    .anyMatch(e -> e.groupId().equals("settle_invoice") && e.reasonMessage().contains(id)));
        }
        return id;
    }

    private void update(String id, String status) throws Exception {
        server.entities().update(Actor.SYSTEM, "Invoice", id, Wire.mapper().valueToTree(Map.of("status", status)),
                RequestInfo.NONE);
    }

    public String invoiceStatus(String id) {
        try {
            return (String) server.entities().get(Actor.SYSTEM, "Invoice", id, RequestInfo.NONE).get("status");
        } catch (Exception e) {
            return null;
        }
    }

    /** Polls a condition that does I/O on the calling thread (never the FX thread). */
    public static void await(String what, int seconds, Callable<Boolean> condition) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.call()) {
            if (System.nanoTime() > end) {
                throw new TimeoutException("timed out after " + seconds + " s waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        System.clearProperty("DAZZLE_EVENTS_RETRY_BACKOFF_MS");
        System.clearProperty("DAZZLE_EVENTS_RETRY_BUDGET");
        server.close();
    }
}
