package com.dazzleops.console.core.client;

import com.dazzleops.console.core.servers.Auth;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * {@link HttpTransport} on OkHttp: one shared client for every server (a small connection pool per server), whose
 * requests run blocking on threads of its own: a request made on one of those threads (the next request of a
 * monitor's poll, chained on the answer to the previous one) runs right there; any other is handed to one of them.
 *
 * <p>Every request sends {@code Accept: application/json} (Dazzle turns 403/404/500 into HTML pages and entity lists
 * into redirects for browsers), never {@code HX-Request}, and {@code Accept-Encoding: identity} so bodies come
 * uncompressed (Dazzle gzips bodies of 500 bytes and more only when asked). Redirects are not followed: a 3xx is
 * reported as what it is. Credentials go in {@code Authorization: Bearer} or {@code Cookie}. Bodies above
 * {@link #MAX_BODY} bytes are refused as malformed rather than read into memory.
 */
public final class OkHttpTransport implements HttpTransport {

    /** Largest body read (the AppSpec from {@code /spec} is the biggest expected, well below this). */
    public static final long MAX_BODY = 16L * 1024 * 1024;

    /** Idle keep-alive connections kept per server (the monitor asks one request at a time). */
    private static final int PER_SERVER_IDLE = 2;
    /** How long an idle connection is kept open for the next request. */
    private static final Duration KEEP_ALIVE = Duration.ofMinutes(2);
    /** How late, at most, the pools close a connection idle past {@link #KEEP_ALIVE} ({@link PoolHousekeeping}). */
    private static final Duration SWEEP = Duration.ofSeconds(30);

    private final PoolHousekeeping housekeeping = new PoolHousekeeping(SWEEP);

    private final OkHttpClient client;
    private final java.util.concurrent.ConcurrentMap<String, OkHttpClient> perOrigin =
            new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * The threads requests run on, blocking ({@link Call#execute()}): a request made on one of them (the next step of
     * a monitor's poll, chained on the previous answer) runs right there, so a poll of five requests costs one
     * hand-off between threads, not five, and no OkHttp dispatcher bookkeeping or thread renaming per call. Grows
     * with the requests in flight (a server that does not answer holds one thread until its timeout); idle ones end
     * after 30 s.
     */
    private final ThreadPoolExecutor pollers;
    /**
     * GET requests already built, by server, path and credentials: a monitor asks the same few paths of each server
     * every poll, and an OkHttp {@link Request} is immutable, so each is parsed (URL) and assembled (headers) once,
     * not 100 times a second. Cleared when it grows past {@link #MAX_PREPARED} (ad-hoc queries of the pages).
     */
    private final java.util.concurrent.ConcurrentMap<GetKey, Prepared> prepared =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_PREPARED = 4096;

    private record GetKey(URI baseUrl, String pathAndQuery, Auth auth) {
    }

    private record Prepared(OkHttpClient client, Request request) {
    }

    public OkHttpTransport() {
        this(Duration.ofSeconds(3));
    }

    /** @param connectTimeout time limit for opening a connection (each call also has its own overall limit) */
    public OkHttpTransport(Duration connectTimeout) {
        AtomicInteger n = new AtomicInteger();
        this.pollers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> new Poller(this, r, "dazzle-http-" + n.incrementAndGet()));
        this.client = new OkHttpClient.Builder()
                .connectionPool(housekeeping.newPool(PER_SERVER_IDLE, KEEP_ALIVE))
                .connectTimeout(connectTimeout)
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(true)
                .build();
    }

    @Override
    public CompletableFuture<HttpAnswer> get(URI baseUrl, String pathAndQuery, Auth auth, Duration timeout) {
        return send(baseUrl, pathAndQuery, auth, timeout, false);
    }

    @Override
    public CompletableFuture<HttpAnswer> post(URI baseUrl, String pathAndQuery, Auth auth, Duration timeout) {
        return send(baseUrl, pathAndQuery, auth, timeout, true);
    }

    /**
     * The origin a browser on the server's own pages would send: scheme, host and the port only when it is not the
     * scheme's default, which is how OkHttp writes the {@code Host} header, so Dazzle's "Origin equals Host" rule
     * admits it.
     */
    static String originOf(URI baseUrl) {
        String scheme = baseUrl.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = baseUrl.getPort();
        boolean defaultPort = port < 0 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + baseUrl.getHost() + (defaultPort ? "" : ":" + port);
    }

    private CompletableFuture<HttpAnswer> send(URI baseUrl, String pathAndQuery, Auth auth, Duration timeout,
                                               boolean post) {
        CompletableFuture<HttpAnswer> out = new CompletableFuture<>();
        Prepared p;
        try {
            if (post) {
                p = new Prepared(clientFor(baseUrl), build(baseUrl, pathAndQuery, auth, true));
            } else {
                GetKey key = new GetKey(baseUrl, pathAndQuery, auth);
                p = prepared.get(key);
                if (p == null) {
                    if (prepared.size() >= MAX_PREPARED) {
                        prepared.clear();
                    }
                    p = new Prepared(clientFor(baseUrl), build(baseUrl, pathAndQuery, auth, false));
                    prepared.put(key, p);
                }
            }
        } catch (IllegalArgumentException e) {
            out.complete(HttpAnswer.unreachable("bad request URL: " + e.getMessage()));
            return out;
        }
        Call call = p.client().newCall(p.request());
        call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (Thread.currentThread() instanceof Poller poller && poller.owner == this && !poller.forking) {
            // already on one of our threads (the next request of a monitor's poll, chained on the answer to the
            // previous one): ask it here and now, no hand-off to another thread
            out.complete(execute(call, timeout));
            return out;
        }
        try {
            pollers.execute(() -> out.complete(execute(call, timeout)));
        } catch (RejectedExecutionException e) { // closed
            out.complete(HttpAnswer.unreachable("client closed"));
        }
        return out;
    }

    /** Sends the call on the current thread (one of {@link #pollers}) and reads the answer; never throws. */
    private static HttpAnswer execute(Call call, Duration timeout) {
        try (Response response = call.execute(); ResponseBody body = response.body()) {
            long declared = body.contentLength();
            if (declared > MAX_BODY) {
                return HttpAnswer.tooLarge(response.code(), header(response), declared);
            }
            okio.BufferedSource src = body.source();
            src.request(MAX_BODY + 1);
            if (src.getBuffer().size() > MAX_BODY) {
                return HttpAnswer.tooLarge(response.code(), header(response), src.getBuffer().size());
            }
            String type = header(response);
            // UTF-8 (JSON's encoding) unless the server names another charset; body.string() would
            // parse the Content-Type with a regular expression on every answer to find that out
            String text = type.toLowerCase(java.util.Locale.ROOT).contains("charset=")
                    && !type.toLowerCase(java.util.Locale.ROOT).replace("\"", "").contains("charset=utf-8")
                    ? body.string() : src.readUtf8();
            if (!text.isEmpty() && text.charAt(0) == '\uFEFF') { // a byte order mark, as body.string() drops
                text = text.substring(1);
            }
            return new HttpAnswer(response.code(), text, type, null);
        } catch (IOException | RuntimeException e) {
            return HttpAnswer.unreachable(describe(e, timeout));
        }
    }

    private static Request build(URI baseUrl, String pathAndQuery, Auth auth, boolean post) {
        Request.Builder b = new Request.Builder()
                .url(baseUrl.toString() + pathAndQuery)
                .header("Accept", "application/json")
                .header("Accept-Encoding", "identity")
                .header("User-Agent", "dazzle-ops-console");
        if (auth instanceof Auth.Bearer bearer) {
            b.header("Authorization", "Bearer " + bearer.token());
        } else if (auth instanceof Auth.SessionCookie cookie) {
            b.header("Cookie", cookie.name() + "=" + cookie.value());
        }
        if (post) {
            b.header("Origin", originOf(baseUrl)).post(okhttp3.RequestBody.create(new byte[0], null));
        } else {
            b.get();
        }
        return b.build();
    }

    /**
     * One client per server (origin), all sharing the dispatcher and its threads, each with a small connection pool
     * of its own: a fleet of fifty servers otherwise puts every connection in one pool, which OkHttp scans on every
     * call and on every release. A client for a server no longer watched keeps at most its idle connections, which
     * its pool closes after the keep-alive. Every pool's housekeeping runs on {@link #housekeeping}.
     */
    private OkHttpClient clientFor(URI baseUrl) {
        String origin = baseUrl.getScheme() + "://" + baseUrl.getHost() + ":" + baseUrl.getPort();
        return perOrigin.computeIfAbsent(origin, o -> client.newBuilder()
                .connectionPool(housekeeping.newPool(PER_SERVER_IDLE, KEEP_ALIVE))
                .build());
    }

    @Override
    public <T> T concurrently(java.util.function.Supplier<T> starts) {
        if (!(Thread.currentThread() instanceof Poller poller) || poller.owner != this || poller.forking) {
            return starts.get();
        }
        poller.forking = true;
        try {
            return starts.get();
        } finally {
            poller.forking = false;
        }
    }

    /** A thread of {@link #pollers}: requests made on it by its own transport run on it (unless forking). */
    private static final class Poller extends Thread {
        final OkHttpTransport owner;
        /** Inside {@link #concurrently}: requests go to other threads. Touched only by this thread. */
        boolean forking;

        Poller(OkHttpTransport owner, Runnable r, String name) {
            super(r, name);
            this.owner = owner;
            setDaemon(true);
        }
    }

    private static String header(Response r) {
        String ct = r.header("Content-Type");
        return ct == null ? "" : ct;
    }

    static String describe(Throwable e, Duration timeout) {
        if (e instanceof InterruptedIOException && !(e instanceof java.net.SocketTimeoutException)
                && String.valueOf(e.getMessage()).contains("timeout")) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        if (e instanceof java.net.SocketTimeoutException) {
            return "timed out (" + e.getMessage() + ")";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof SSLException) {
            return "TLS error: " + e.getMessage();
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    @Override
    public void close() {
        client.dispatcher().cancelAll();
        pollers.shutdownNow();
        client.connectionPool().evictAll();
        perOrigin.values().forEach(c -> c.connectionPool().evictAll());
        prepared.clear();
        housekeeping.close();
    }
}
