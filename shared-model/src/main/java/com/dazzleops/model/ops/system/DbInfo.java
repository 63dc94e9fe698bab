package com.dazzleops.model.ops.system;

import com.dazzleops.model.ops.OpsCollections;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code GET /db-info} (wire-ops §3.3). No auth, always 200.
 *
 * <p>Quirks: {@code tables} lists <em>entity names</em>, not database tables; {@code database_backend} is always
 * {@code "postgresql"}; {@code last_migration} is always {@code null} in practice (written out as null).
 *
 * @param databaseUrl the URL with the password masked as {@code ***} (see {@link #maskUrl}), or null
 * @param databaseBackend always {@code "postgresql"}
 * @param tables entity names
 * @param lastMigration always null in Dazzle HEAD
 * @param authEnabled whether app auth is on
 * @param filesEnabled whether file storage is on
 * @param filesPath storage path, null when files are off
 */
public record DbInfo(String databaseUrl, String databaseBackend, List<String> tables, MigrationSummary lastMigration,
                     boolean authEnabled, boolean filesEnabled, String filesPath) {

    public static final String POSTGRESQL = "postgresql";
    private static final Pattern PASSWORD = Pattern.compile("(://[^:/@]+:)[^@]*(@)");

    public DbInfo {
        tables = OpsCollections.list(tables);
    }

    /**
     * Dazzle's masking rule: the text between {@code user:} and the next {@code @} after {@code ://} becomes
     * {@code ***}. A password containing {@code @} is masked only up to its first {@code @}; query-string passwords
     * are left alone; no password means no change.
     */
    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        return PASSWORD.matcher(url).replaceFirst("$1***$2");
    }

    /**
     * {@code last_migration} when a server reports one.
     *
     * @param stepsExecuted steps run
     * @param warnings warnings
     * @param hasPendingDestructive whether destructive steps are pending
     */
    public record MigrationSummary(int stepsExecuted, List<String> warnings, boolean hasPendingDestructive) {
        public MigrationSummary {
            warnings = OpsCollections.list(warnings);
        }
    }
}
