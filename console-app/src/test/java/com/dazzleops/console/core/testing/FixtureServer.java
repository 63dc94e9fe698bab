package com.dazzleops.console.core.testing;

import com.dazzleops.console.core.client.HttpAnswer;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real local HTTP server (okhttp mockwebserver3) answering from {@link Routes}. */
public final class FixtureServer implements AutoCloseable {

    private final MockWebServer server = new MockWebServer();
    private final Routes routes;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    public FixtureServer(Routes routes) {
        this(routes, 0);
    }

    public FixtureServer(Routes routes, int port) {
        this.routes = routes;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                HttpAnswer a = routes.lookup(("POST".equals(request.getMethod()) ? "POST " : "") + request.getTarget());
                return new MockResponse.Builder().code(a.status()).addHeader("Content-Type", a.contentType())
                        .body(a.body()).build();
            }
        });
        try {
            server.start(InetAddress.getLoopbackAddress(), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    public int port() {
        return server.getPort();
    }

    public Routes routes() {
        return routes;
    }

    public List<RecordedRequest> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.close();
    }
}
