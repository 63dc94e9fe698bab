package com.dazzleops.server.events;

import com.dazzleops.model.events.EventEnvelope;
import com.dazzleops.model.json.Wire;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Events serialised before their transaction ({@link OutboxStore#prepare}) are appended as the plain append does. */
class OutboxPrepareTest {

    @TempDir
    Path dir;

    private static List<EventEnvelope> events(int n, String prefix) {
        List<EventEnvelope> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(EventPipelineContract.event("InvoiceSubmitted", prefix + i, i));
        }
        return out;
    }

    /** id, event_type, key, envelope_json and status of the outbox rows, in append order. */
    private static List<List<String>> rows(HikariDataSource ds, SqlDialect d) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT id, event_type, key,"
                + " envelope_json, status FROM " + OutboxStore.TABLE + " ORDER BY "
                + (d == SqlDialect.POSTGRES ? "seq" : "rowid")); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        }
        return out;
    }

    private static void appendBothWays(HikariDataSource ds, SqlDialect d) throws Exception {
        OutboxStore outbox = new OutboxStore(ds, d);
        List<EventEnvelope> plain = events(3, "plain-");
        List<EventEnvelope> prepared = events(3, "prepared-");
        OutboxStore.Prepared p = OutboxStore.prepare(prepared);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            outbox.append(c, "invoice_events", plain);
            outbox.append(c, "invoice_events", p);
            c.commit();
        }
        List<List<String>> rows = rows(ds, d);
        assertThat(rows).hasSize(6);
        List<EventEnvelope> all = new ArrayList<>(plain);
        all.addAll(prepared);
        for (int i = 0; i < 6; i++) {
            EventEnvelope e = all.get(i);
            assertThat(rows.get(i)).containsExactly(e.eventId().toString(), e.eventType(), e.key(), Wire.write(e),
                    "pending");
        }
    }

    @Test
    void onSqliteAPreparedAppendWritesWhatThePlainOneWrites() throws Exception {
        try (HikariDataSource ds = EventsTestSupport.sqlite(dir.resolve("p.db"))) {
            appendBothWays(ds, SqlDialect.SQLITE);
        }
    }

    @Test
    void onPostgresqlAPreparedAppendWritesWhatThePlainOneWrites() throws Exception {
        String url = EventsTestSupport.pgUrlOrSkip();
        try (HikariDataSource ds = EventsTestSupport.postgres(url, "outbox_prepare_test", 2)) {
            appendBothWays(ds, SqlDialect.POSTGRES);
        } finally {
            EventsTestSupport.dropSchema(url, "outbox_prepare_test");
        }
    }

    @Test
    void aPreparedBatchKeepsTheEventsItWasMadeOf() {
        List<EventEnvelope> events = new ArrayList<>(events(2, "k"));
        OutboxStore.Prepared p = OutboxStore.prepare(events);
        events.clear(); // the caller's list changing afterwards does not change what is appended
        assertThat(p.events()).hasSize(2);
        assertThat(p.envelopeJson()).containsExactly(Wire.write(p.events().get(0)), Wire.write(p.events().get(1)));
    }
}
