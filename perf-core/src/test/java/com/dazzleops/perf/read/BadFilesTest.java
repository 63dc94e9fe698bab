package com.dazzleops.perf.read;

import com.dazzleops.perf.HandMade;
import com.dazzleops.perf.gen.GeneratorOptions;
import com.dazzleops.perf.gen.TraceGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BadFilesTest {

    @TempDir
    Path dir;

    @Test
    void notSqlite() throws Exception {
        Path f = Files.writeString(dir.resolve("notes.db"), "these are not the spans you are looking for");
        assertThatThrownBy(() -> TraceFile.open(f)).isInstanceOf(TraceFileException.class)
                .hasMessageContaining("notes.db is not a SQLite database")
                .satisfies(e -> assertThat(((TraceFileException) e).reason()).isEqualTo(TraceFileException.Reason.NOT_SQLITE));
    }

    @Test
    void emptyFile() throws Exception {
        Path f = Files.createFile(dir.resolve("empty.db"));
        assertThatThrownBy(() -> TraceFile.open(f)).hasMessageContaining("empty (0 bytes)");
    }

    @Test
    void missingFile() {
        assertThatThrownBy(() -> TraceFile.open(dir.resolve("nope.db"))).hasMessageContaining("No such file");
    }

    @Test
    void truncatedAtAnOddLength() throws Exception {
        Path good = dir.resolve("good.db");
        TraceGenerator.generate(good, GeneratorOptions.defaults(2_000).withRunId("good"));
        byte[] all = Files.readAllBytes(good);
        Path f = Files.write(dir.resolve("cut.db"), Arrays.copyOf(all, all.length / 2 + 123));
        assertThatThrownBy(() -> TraceFile.open(f)).hasMessageContaining("truncated")
                .satisfies(e -> assertThat(((TraceFileException) e).reason()).isEqualTo(TraceFileException.Reason.TRUNCATED));
    }

    @Test
    void truncatedAtAPageBoundary() throws Exception {
        Path good = dir.resolve("good2.db");
        TraceGenerator.generate(good, GeneratorOptions.defaults(2_000).withRunId("good2"));
        byte[] all = Files.readAllBytes(good);
        Path f = Files.write(dir.resolve("cut2.db"), Arrays.copyOf(all, 4096 * 3));
        assertThatThrownBy(() -> TraceFile.open(f)).hasMessageContaining("truncated");
    }

    @Test
    void sqliteWithoutTheSchema() throws Exception {
        Path f = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
        }
        assertThatThrownBy(() -> TraceFile.open(f)).hasMessageContaining("not a dazzle perf trace")
                .hasMessageContaining("invoices")
                .satisfies(e -> assertThat(((TraceFileException) e).reason()).isEqualTo(TraceFileException.Reason.NO_SCHEMA));
    }

    @Test
    void spansTableWithTheWrongColumns() throws Exception {
        Path f = dir.resolve("wrong.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE spans (id TEXT)");
        }
        assertThatThrownBy(() -> TraceFile.open(f)).hasMessageContaining("without the dazzle perf columns");
    }

    @Test
    void aRunWithNoSpansIsEmptyNotAnError() throws Exception {
        Path f = dir.resolve("r1.db");
        HandMade.create(f, "r1").close();
        try (TraceFile tf = TraceFile.open(f)) {
            RunSummary r = tf.defaultRun().orElseThrow();
            assertThat(r.runId()).isEqualTo("r1");
            assertThat(r.spanCount()).isZero();
            assertThat(tf.roots("r1")).isEmpty();
            assertThat(tf.orphans("r1")).isEmpty();
            assertThat(tf.integrity("r1").hasCycles()).isFalse();
        }
    }

    @Test
    void spansWithoutARunsRowAreStillListed() throws Exception {
        Path f = dir.resolve("norun.db");
        try (HandMade h = HandMade.create(f, "r1")) {
            h.span("a", null, "GET /", "server", "ok", 1, "{}");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            st.execute("UPDATE spans SET run_id = 'ghost'");
        }
        try (TraceFile tf = TraceFile.open(f)) {
            assertThat(tf.runs()).anySatisfy(r -> {
                assertThat(r.runId()).isEqualTo("ghost");
                assertThat(r.hasRunsRow()).isFalse();
                assertThat(r.spanCount()).isEqualTo(1);
            });
        }
    }

    @Test
    void openingNeverModifiesTheFile() throws Exception {
        Path f = dir.resolve("ro.db");
        TraceGenerator.generate(f, GeneratorOptions.defaults(500).withRunId("ro"));
        byte[] before = Files.readAllBytes(f);
        long mtime = Files.getLastModifiedTime(f).toMillis();
        try (TraceFile tf = TraceFile.open(f)) {
            tf.roots("ro");
            tf.integrity("ro");
            com.dazzleops.perf.findings.FindingsEngine.compute(tf, "ro");
        }
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(f).toMillis()).isEqualTo(mtime);
    }
}
