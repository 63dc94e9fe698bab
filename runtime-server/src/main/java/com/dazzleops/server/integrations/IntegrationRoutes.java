package com.dazzleops.server.integrations;

import com.dazzleops.model.json.Wire;
import com.dazzleops.model.json.WireTime;
import com.dazzleops.model.ops.integrations.IntegrationRetries;
import com.dazzleops.model.ops.integrations.RetryEvent;
import com.dazzleops.server.http.Http;
import com.dazzleops.server.http.HttpError;
import com.dazzleops.server.http.Params;
import com.dazzleops.server.http.RouteTable;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /_dazzle/integrations/{name}/retries} (Dazzle's shape), plus our mock provider control:
 * {@code GET|PUT /_dazzle/integrations/payment_provider/mock} with {@code transient_rate}, {@code timeout_rate},
 * {@code permanent_rate}, {@code latency_ms}.
 */
public final class IntegrationRoutes {

    private final IntegrationService integrations;

    public IntegrationRoutes(IntegrationService integrations) {
        this.integrations = integrations;
    }

    public void register(RouteTable r) {
        r.get("/_dazzle/integrations/{name}/retries", this::retries);
        r.get("/_dazzle/integrations/payment_provider/mock", ctx -> Http.json(ctx, integrations.modesBody()));
        r.put("/_dazzle/integrations/payment_provider/mock", this::setModes);
    }

    private void retries(Context ctx) {
        String name = ctx.pathParam("name");
        Params p = Params.of(ctx);
        int limit = p.intParam("limit", 50, 1, 200);
        if (!integrations.isDeclared(name)) {
            throw HttpError.detail(404, IntegrationRetries.notDeclaredDetail(name));
        }
        p.validate();
        List<RetryEvent> events = new ArrayList<>();
        for (RetryAccumulator.Event e : integrations.accumulator().recent(name, limit)) {
            events.add(new RetryEvent(e.integration(), e.mapping(), e.attempt(), e.maxAttempts(), e.statusCode(), e.error(),
                    e.payloadSummary(), WireTime.parse(e.lastAttemptAt()), e.nextRetryAt() == null ? null : WireTime.parse(e.nextRetryAt()),
                    e.backoffSeconds(), e.succeeded()));
        }
        Http.json(ctx, new IntegrationRetries(name, events, integrations.accumulator().retained(name), limit, true));
    }

    private void setModes(Context ctx) {
        JsonNode body;
        try {
            body = Wire.mapper().readTree(ctx.body());
        } catch (Exception e) {
            throw HttpError.detail(400, "body must be a JSON object");
        }
        if (body == null || !body.isObject()) {
            throw HttpError.detail(400, "body must be a JSON object");
        }
        MockPaymentProvider.Modes cur = integrations.paymentProvider().modes();
        try {
            MockPaymentProvider.Modes m = new MockPaymentProvider.Modes(
                    body.path("transient_rate").asDouble(cur.transientRate()),
                    body.path("timeout_rate").asDouble(cur.timeoutRate()),
                    body.path("permanent_rate").asDouble(cur.permanentRate()),
                    body.path("latency_ms").asLong(cur.latencyMillis()));
            integrations.paymentProvider().setModes(m);
        } catch (IllegalArgumentException e) {
            throw HttpError.detail(400, e.getMessage());
        }
        Http.json(ctx, integrations.modesBody());
    }
}
