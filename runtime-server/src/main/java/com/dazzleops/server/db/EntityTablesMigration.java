package com.dazzleops.server.db;

import com.dazzleops.server.spec.AppSpec;
import com.dazzleops.server.spec.EntitySpec;
import com.dazzleops.server.spec.FieldSpec;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * V2: one table per AppSpec entity, generated from the spec (entity names verbatim and quoted, as Dazzle does).
 * Types follow the DSL: {@code VARCHAR(n)}, {@code NUMERIC(p,s)}, enum CHECKs; uuids, dates and datetimes are TEXT
 * (datetimes in {@link SqlTime}'s sortable form) on both dialects, so one code path reads both.
 */
public final class EntityTablesMigration implements JavaMigration {

    private final AppSpec spec;
    private final Dialect dialect;

    public EntityTablesMigration(AppSpec spec, Dialect dialect) {
        this.spec = spec;
        this.dialect = dialect;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("2");
    }

    @Override
    public String getDescription() {
        return "entity tables from the AppSpec";
    }

    /** Checksum of the generated DDL, so a changed AppSpec is reported by Flyway's validation. */
    @Override
    public Integer getChecksum() {
        return String.join(";", ddl(spec, dialect)).hashCode();
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement st = context.getConnection().createStatement()) {
            for (String ddl : ddl(spec, dialect)) {
                st.execute(ddl);
            }
        }
    }

    public static List<String> ddl(AppSpec spec, Dialect dialect) {
        List<String> out = new ArrayList<>();
        for (EntitySpec e : spec.entities()) {
            StringBuilder sb = new StringBuilder("CREATE TABLE ").append(Identifiers.quote(e.name())).append(" (");
            boolean first = true;
            for (FieldSpec f : e.fields()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(Identifiers.quote(f.name())).append(' ').append(sqlType(f, dialect));
                if (f.pk()) {
                    sb.append(" PRIMARY KEY");
                } else if (f.required()) {
                    sb.append(" NOT NULL");
                }
                if (f.unique() && !f.pk()) {
                    sb.append(" UNIQUE");
                }
                if (f.isEnum() && !f.values().isEmpty()) {
                    sb.append(" CHECK (").append(Identifiers.quote(f.name())).append(" IN (");
                    for (int i = 0; i < f.values().size(); i++) {
                        sb.append(i == 0 ? "" : ", ").append('\'').append(f.values().get(i).replace("'", "''")).append('\'');
                    }
                    sb.append("))");
                }
            }
            sb.append(')');
            out.add(sb.toString());
            for (FieldSpec f : e.fields()) {
                if (f.isRef() || f.name().equals("status") || f.name().equals("created_at")) {
                    out.add("CREATE INDEX " + Identifiers.quote("ix_" + e.name() + "_" + f.name()) + " ON "
                            + Identifiers.quote(e.name()) + " (" + Identifiers.quote(f.name()) + ")");
                }
            }
        }
        return out;
    }

    static String sqlType(FieldSpec f, Dialect d) {
        return switch (f.type()) {
            case "str" -> f.maxLength() == null ? "TEXT" : "VARCHAR(" + f.maxLength() + ")";
            case "int" -> d.isSqlite() ? "INTEGER" : "BIGINT";
            case "float" -> d.isSqlite() ? "REAL" : "DOUBLE PRECISION";
            case "decimal" -> "NUMERIC(" + (f.precision() == null ? 15 : f.precision()) + "," + (f.scale() == null ? 2 : f.scale()) + ")";
            case "bool" -> d.isSqlite() ? "INTEGER" : "BOOLEAN";
            default -> "TEXT";
        };
    }
}
