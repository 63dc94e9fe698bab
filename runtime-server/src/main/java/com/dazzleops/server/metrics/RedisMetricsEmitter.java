package com.dazzleops.server.metrics;

import com.dazzleops.model.ops.metrics.MetricsStreamEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.params.XAddParams;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Dazzle's metrics emitter, wired: per request {@code http_requests_total}, {@code http_latency_ms} and (status ≥
 * 400) {@code http_errors_total} go to the stream {@code dazzle:metrics:stream} ({@code XADD MAXLEN ~ 10000} in a
 * MULTI/EXEC batch). {@link #emit} only offers to a bounded in-memory queue (10,000; overflow dropped) and never
 * blocks a request; a background thread flushes every second or at 100 entries; a Redis failure drops the batch.
 */
public final class RedisMetricsEmitter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisMetricsEmitter.class);

    private final JedisPool pool;
    private final String instance;
    private final Clock clock;
    private final BlockingQueue<MetricsStreamEntry> queue = new ArrayBlockingQueue<>(10_000);
    private final Thread flusher;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private volatile boolean healthy;
    private volatile boolean running = true;

    public RedisMetricsEmitter(String redisUrl, String instance, Clock clock) {
        this.pool = new JedisPool(URI.create(redisUrl), 2000);
        this.instance = instance;
        this.clock = clock;
        this.flusher = new Thread(this::loop, "dazzle-metrics-emitter");
        flusher.setDaemon(true);
        flusher.start();
    }

    /** Records one request; never blocks. */
    public void emitRequest(String method, String path, int status, double latencyMs) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("method", method);
        tags.put("path", path);
        tags.put("status", Integer.toString(status));
        var now = clock.instant();
        offer(MetricsStreamEntry.of("http_requests_total", 1.0, now, tags, instance));
        offer(MetricsStreamEntry.of("http_latency_ms", latencyMs, now, tags, instance));
        if (status >= 400) {
            Map<String, String> err = new LinkedHashMap<>(tags);
            err.put("error_class", status >= 500 ? "server" : "client");
            offer(MetricsStreamEntry.of("http_errors_total", 1.0, now, err, instance));
        }
    }

    private void offer(MetricsStreamEntry e) {
        if (!queue.offer(e)) {
            dropped.incrementAndGet();
        }
    }

    public boolean healthy() {
        return healthy;
    }

    public long dropped() {
        return dropped.get();
    }

    public long written() {
        return written.get();
    }

    private void loop() {
        List<MetricsStreamEntry> batch = new ArrayList<>(100);
        while (running || !queue.isEmpty()) {
            try {
                MetricsStreamEntry first = queue.poll(1, TimeUnit.SECONDS);
                if (first != null) {
                    batch.add(first);
                    long deadline = System.nanoTime() + 1_000_000_000L;
                    while (batch.size() < 100 && System.nanoTime() < deadline) {
                        MetricsStreamEntry e = queue.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                        if (e == null) {
                            break;
                        }
                        batch.add(e);
                    }
                }
                if (!batch.isEmpty()) {
                    flush(batch);
                    batch.clear();
                } else if (!healthy) {
                    ping();
                }
            } catch (InterruptedException e) {
                if (!running) {
                    if (!batch.isEmpty()) {
                        flush(batch);
                    }
                    return;
                }
            }
        }
    }

    private void ping() {
        try (Jedis j = pool.getResource()) {
            healthy = "PONG".equalsIgnoreCase(j.ping());
        } catch (RuntimeException e) {
            healthy = false;
        }
    }

    private void flush(List<MetricsStreamEntry> batch) {
        try (Jedis j = pool.getResource()) {
            Transaction t = j.multi();
            XAddParams params = XAddParams.xAddParams().maxLen(MetricsStreamEntry.MAX_LEN).approximateTrimming();
            for (MetricsStreamEntry e : batch) {
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("name", e.name());
                fields.put("value", e.value());
                fields.put("ts", e.ts());
                fields.put("tags", e.tags());
                t.xadd(MetricsStreamEntry.STREAM_KEY, params, fields);
            }
            t.exec();
            written.addAndGet(batch.size());
            if (!healthy) {
                LOG.info("Redis metrics stream connected");
            }
            healthy = true;
        } catch (RuntimeException e) {
            if (healthy) {
                LOG.warn("Redis metrics stream unavailable, dropping {} entries: {}", batch.size(), e.getMessage());
            }
            healthy = false;
            dropped.addAndGet(batch.size());
        }
    }

    @Override
    public void close() {
        running = false;
        flusher.interrupt();
        try {
            flusher.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
    }
}
