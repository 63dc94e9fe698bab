package com.dazzleops.server.events;

import com.dazzleops.model.events.EventEnvelope;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.dazzleops.server.events.EventsTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQLite relay's cursor (V56): fresh rows are found by walking the outbox forward from the relay's position, and
 * rows behind that position only through the retry index. Each case here is one way a pending row could end up behind
 * the cursor; the relay is driven by hand ({@link OutboxRelay#publishBatch}), so every claim is one step of the test.
 */
class SqliteRelayCursorTest {

    static final String TOPIC = "invoice_events";
    static final String OUTBOX = OutboxStore.TABLE;

    @TempDir
    Path dir;
    HikariDataSource ds;
    OutboxStore store;
    OutboxRelay relay;

    @BeforeEach
    void open() {
        ds = EventsTestSupport.sqlite(dir.resolve("cursor.db")); // migrated, V56 included
        store = new OutboxStore(ds, SqlDialect.SQLITE);
        relay = newRelay(10);
    }

    @AfterEach
    void close() {
        ds.close();
    }

    OutboxRelay newRelay(int batch) {
        return new OutboxRelay(store, new JdbcEventBus(ds, SqlDialect.SQLITE),
                new OutboxRelay.Config(batch, 100, 5, 1000, 60_000, 30_000), null);
    }

    List<String> append(int n) throws Exception {
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(EventEnvelope.create("app.invoice_events.InvoiceSubmitted", "k" + i,
                    JsonNodeFactory.instance.objectNode().put("n", i), Map.of(), "test"));
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            store.append(c, TOPIC, events);
            c.commit();
        }
        return events.stream().map(e -> e.eventId().toString()).toList();
    }

    long pending() {
        return count(ds, "SELECT count(*) FROM _dazzle_outbox_state WHERE status <> 'published'");
    }

    void sql(String statement) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void appendsAreFoundBatchAfterBatchAndNumberedInAppendOrder() throws Exception {
        append(25);
        assertThat(relay.publishBatch()).isEqualTo(10);
        assertThat(relay.publishBatch()).isEqualTo(10);
        append(3);
        assertThat(relay.publishBatch()).isEqualTo(8);
        assertThat(relay.publishBatch()).isZero();
        assertThat(pending()).isZero();
        // bus sequence numbers follow rowids, with no gap when no retry was mixed in
        assertThat(count(ds, "SELECT count(*) FROM _dazzle_bus_pub WHERE seq <> outbox_rowid")).isZero();
        assertThat(count(ds, "SELECT count(*) FROM _dazzle_bus_pub")).isEqualTo(28);
        // publishing a fresh row writes its publication, not the row
        assertThat(count(ds, "SELECT count(*) FROM " + OUTBOX + " WHERE status = 'pending' AND published_at IS NULL"))
                .isEqualTo(28);
        assertThat(count(ds, "SELECT last FROM _dazzle_bus_seq")).isEqualTo(28);
    }

    @Test
    void newRowsThatReuseTheRowidsOfDeletedNewestRowsAreStillPublished() throws Exception {
        append(3);
        assertThat(relay.publishBatch()).isEqualTo(3); // the cursor is at rowid 3 now
        // somebody deletes the two newest (published) rows: SQLite hands their rowids (2, 3) to the next appends
        sql("DELETE FROM " + OUTBOX + " WHERE rowid >= 2");
        List<String> fresh = append(2);
        assertThat(count(ds, "SELECT max(rowid) FROM " + OUTBOX)).isEqualTo(3);
        // a cursor that trusted the rowid alone would look after rowid 3 and never see them
        assertThat(relay.publishBatch()).isEqualTo(2);
        assertThat(pending()).isZero();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM _dazzle_outbox_state WHERE id IN (?, ?)"
                     + " AND status = 'published' AND bus_seq > 3")) {
            ps.setString(1, fresh.get(0));
            ps.setString(2, fresh.get(1));
            var rs = ps.executeQuery();
            rs.next();
            assertThat(rs.getInt(1)).as("the reused rowids got new bus numbers after the old ones").isEqualTo(2);
        }
    }

    @Test
    void aRowThatFailedBehindTheCursorIsRetriedThroughTheRetryIndex() throws Exception {
        append(2);
        // a hand-written row the bus cannot carry (its envelope is not JSON), between good appends
        sql("INSERT INTO " + OUTBOX + " (id, topic, event_type, key, envelope_json, status, created_at, attempts,"
                + " next_attempt_ms) VALUES ('00000000-0000-4000-8000-000000000001', '" + TOPIC + "', 'app.x.Y', 'k',"
                + " 'not json', 'pending', '2026-01-01T00:00:00+00:00', 0, 0)");
        append(2);
        relay.publishBatch(); // the batch fails on the bad row and is redone row by row
        relay.publishBatch();
        assertThat(pending()).isEqualTo(1);
        assertThat(count(ds, "SELECT next_attempt_ms FROM " + OUTBOX + " WHERE envelope_json = 'not json'"))
                .as("the failure set a backoff, which puts the row in the retry index").isPositive();
        append(1); // the cursor moves on past the failed row
        assertThat(relay.publishBatch()).isEqualTo(1);
        // repaired and due now: the claim reaches it behind the cursor
        String good = EventEnvelope.create("app.x.Y", "k", JsonNodeFactory.instance.objectNode(), Map.of(), "test")
                .toPythonJson().replaceFirst("\"event_id\": \"[0-9a-f-]+\"",
                        "\"event_id\": \"00000000-0000-4000-8000-000000000001\"");
        sql("UPDATE " + OUTBOX + " SET envelope_json = '" + good + "', next_attempt_ms = 1 WHERE envelope_json = 'not json'");
        assertThat(relay.publishBatch()).isEqualTo(1);
        assertThat(pending()).isZero();
        assertThat(count(ds, "SELECT count(*) FROM " + OUTBOX + " WHERE next_attempt_ms <> 0"))
                .as("a published row leaves the retry index").isZero();
    }

    @Test
    void recoveredAndRequeuedRowsBehindTheCursorArePublishedAgain() throws Exception {
        append(4);
        assertThat(relay.publishBatch()).isEqualTo(4);
        // the states a relay of another kind (leased, for an external bus) leaves: rows marked published in place, no
        // publications on the SQLite bus (V57); it died with a row in publishing, and the bus lost the published rows
        sql("DELETE FROM _dazzle_bus_pub");
        sql("UPDATE " + OUTBOX + " SET status = 'published', published_at = '2026-01-01T00:00:00+00:00'");
        sql("UPDATE " + OUTBOX + " SET status = 'publishing', lock_token = 'gone', lock_expires_at ="
                + " '2000-01-01T00:00:00+00:00', next_attempt_ms = 0 WHERE rowid = 1");
        assertThat(store.recoverStuckPublishing(false)).isEqualTo(1);
        assertThat(store.requeuePublishedSince("2000-01-01")).isEqualTo(3);
        assertThat(pending()).isEqualTo(4);
        assertThat(count(ds, "SELECT count(*) FROM " + OUTBOX + " WHERE next_attempt_ms = 0"))
                .as("put back due now, never as a fresh row behind the cursor").isZero();
        assertThat(relay.publishBatch()).isEqualTo(4);
        assertThat(pending()).isZero();
    }

    @Test
    void anIdleRelayMovesPastPublishedRowsOnce() throws Exception {
        append(5);
        assertThat(relay.publishBatch()).isEqualTo(5);
        OutboxRelay restarted = newRelay(3); // starts at the first row, and nothing is pending
        assertThat(restarted.publishBatch()).isZero();
        assertThat(restarted.cursor()).as("the empty claim still moved the cursor past the published rows")
                .isEqualTo(5);
        append(1);
        assertThat(restarted.publishBatch()).isEqualTo(1);
        assertThat(restarted.cursor()).isEqualTo(6);
    }

    @Test
    void aRelayThatStartsOverFindsTheBacklogOfTheOneBefore() throws Exception {
        append(3);
        assertThat(relay.publishBatch()).isEqualTo(3);
        append(4);
        OutboxRelay restarted = newRelay(3); // a new process: its cursor starts at the first row
        assertThat(restarted.publishBatch()).isEqualTo(3);
        assertThat(restarted.publishBatch()).isEqualTo(1);
        assertThat(pending()).isZero();
    }
}
