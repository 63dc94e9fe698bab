package com.dazzleops.console.core.check;

import com.dazzleops.console.core.checks.Check;
import com.dazzleops.console.core.checks.CheckLevel;
import com.dazzleops.console.core.client.DazzleClient;
import com.dazzleops.console.core.client.OkHttpTransport;
import com.dazzleops.console.core.monitor.MonitorOptions;
import com.dazzleops.console.core.monitor.ServerMonitor;
import com.dazzleops.console.core.monitor.ServerSnapshot;
import com.dazzleops.console.core.monitor.ServerStatus;
import com.dazzleops.console.core.servers.Auth;
import com.dazzleops.console.core.servers.Environment;
import com.dazzleops.console.core.servers.ServerProfile;
import com.dazzleops.model.ops.system.AppHealth;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code check URL...}: polls each server once (the same poll as the console's monitor, capability discovery
 * included), prints the six checks per server and exits
 * <ul>
 *   <li>0 when every server answered and no check is BAD (WARNING and UNKNOWN do not fail the run),</li>
 *   <li>1 when any check is BAD,</li>
 *   <li>2 when any server cannot be reached (or the command line is wrong).</li>
 * </ul>
 * No window, no JavaFX: for cron and CI.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check Dazzle servers once and print the six health checks per server.",
        footer = {"", "Exit status: 0 all healthy, 1 a check is bad, 2 a server cannot be reached."})
public final class CheckCommand implements Callable<Integer> {

    public static final int HEALTHY = 0;
    public static final int BAD = 1;
    public static final int UNREACHABLE = 2;

    enum Format { table, json }

    @Parameters(arity = "1..*", paramLabel = "URL", description = "server base URLs, e.g. http://127.0.0.1:8000")
    List<String> urls = new ArrayList<>();

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
    Format format = Format.table;

    @Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "per-request time limit, e.g. 5s, 1500ms (default: ${DEFAULT-VALUE})")
    Duration timeout = Duration.ofSeconds(5);

    @Option(names = "--token", description = "bearer token for admin endpoints (or env DAZZLE_TOKEN)")
    String token;

    @Option(names = "--cookie", description = "session cookie value for admin endpoints (cookie dazzle_session)")
    String cookie;

    private PrintStream out;

    /**
     * Runs the command.
     *
     * @param out where the report goes (usage errors too)
     * @param args the arguments after {@code check}
     * @return the exit status
     */
    public static int execute(PrintStream out, String... args) {
        CheckCommand cmd = new CheckCommand();
        cmd.out = out;
        PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        CommandLine cl = new CommandLine(cmd).setCaseInsensitiveEnumValuesAllowed(true).setOut(w).setErr(w)
                .setExecutionExceptionHandler((ex, line, parse) -> {
                    w.println("check: " + ex.getMessage());
                    return UNREACHABLE;
                });
        int code = cl.execute(args);
        w.flush();
        return code == CommandLine.ExitCode.USAGE ? UNREACHABLE : code;
    }

    @Override
    public Integer call() {
        List<ServerProfile> profiles = new ArrayList<>();
        for (String u : urls) {
            try {
                profiles.add(new ServerProfile(UUID.randomUUID().toString(), null, ServerProfile.parseBaseUrl(u),
                        auth(), true, Environment.CUSTOM, null));
            } catch (IllegalArgumentException e) {
                out.println("check: " + e.getMessage());
                return UNREACHABLE;
            }
        }
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "check-poll");
            t.setDaemon(true);
            return t;
        });
        List<ServerSnapshot> snaps = new ArrayList<>();
        try (OkHttpTransport transport = new OkHttpTransport(timeout)) {
            MonitorOptions opts = MonitorOptions.defaults().withInterval(Duration.ofHours(1));
            List<CompletableFuture<ServerSnapshot>> futures = new ArrayList<>();
            List<ServerMonitor> monitors = new ArrayList<>();
            for (ServerProfile p : profiles) {
                ServerMonitor m = new ServerMonitor(new DazzleClient(p, transport, timeout, opts.clock()), scheduler, opts);
                CompletableFuture<ServerSnapshot> f = new CompletableFuture<>();
                m.addListener(s -> {
                    if (!s.stale() || s.status() == ServerStatus.DOWN) {
                        f.complete(s);
                    }
                });
                monitors.add(m);
                futures.add(f);
                m.start();
            }
            long limitMs = timeout.toMillis() * 30 + 5000;
            for (int i = 0; i < futures.size(); i++) {
                try {
                    snaps.add(futures.get(i).get(limitMs, TimeUnit.MILLISECONDS));
                } catch (Exception e) {
                    snaps.add(monitors.get(i).latest());
                }
            }
            monitors.forEach(ServerMonitor::stop);
        } finally {
            scheduler.shutdownNow();
        }
        int code = HEALTHY;
        for (ServerSnapshot s : snaps) {
            if (s.status() == ServerStatus.DOWN || s.status() == ServerStatus.UNKNOWN) {
                code = UNREACHABLE;
            } else if (code == HEALTHY && s.checks().stream().anyMatch(c -> c.level() == CheckLevel.BAD)) {
                code = BAD;
            }
        }
        if (format == Format.json) {
            printJson(snaps, code);
        } else {
            printTable(snaps, code);
        }
        out.flush();
        return code;
    }

    private Auth auth() {
        String t = token != null ? token : System.getenv("DAZZLE_TOKEN");
        if (t != null && !t.isBlank()) {
            return new Auth.Bearer(t);
        }
        if (cookie != null && !cookie.isBlank()) {
            return new Auth.SessionCookie(null, cookie);
        }
        return Auth.NONE;
    }

    private void printTable(List<ServerSnapshot> snaps, int code) {
        for (ServerSnapshot s : snaps) {
            out.println(header(s));
            if (!s.statusReason().isBlank()) {
                out.println("  " + s.statusReason());
            }
            out.printf(Locale.ROOT, "  %-22s %-8s %-36s %s%n", "CHECK", "LEVEL", "VALUE", "SOURCE");
            for (Check c : s.checks()) {
                out.printf(Locale.ROOT, "  %-22s %-8s %-36s %s%n", c.name(), c.level(), clip(c.value(), 36), c.source());
                if (c.level() != CheckLevel.OK && !c.detail().isBlank()) {
                    out.println("      " + c.detail());
                }
            }
            out.println();
        }
        out.println(switch (code) {
            case HEALTHY -> "all healthy";
            case BAD -> "unhealthy: at least one check is BAD";
            default -> "unreachable: at least one server did not answer";
        });
    }

    private static String header(ServerSnapshot s) {
        StringBuilder b = new StringBuilder(s.server().baseUrlText()).append("  ").append(s.status());
        s.appHealth().valueIfOk().ifPresent((AppHealth h) -> b.append("  ").append(h.app()).append(' ')
                .append(h.version()).append(" (dsl ").append(h.dslHash()).append(')'));
        return b.toString();
    }

    private static String clip(String v, int n) {
        return v.length() <= n ? v : v.substring(0, n - 1) + "…";
    }

    private void printJson(List<ServerSnapshot> snaps, int code) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        ArrayNode servers = root.putArray("servers");
        for (ServerSnapshot s : snaps) {
            ObjectNode o = servers.addObject();
            o.put("url", s.server().baseUrlText());
            o.put("status", s.status().name().toLowerCase(Locale.ROOT));
            o.put("reason", s.statusReason());
            AppHealth h = s.appHealth().valueIfOk().orElse(null);
            o.put("app", h == null ? null : h.app());
            o.put("version", h == null ? null : h.version());
            o.put("dsl_hash", h == null ? null : h.dslHash());
            ArrayNode checks = o.putArray("checks");
            for (Check c : s.checks()) {
                ObjectNode cn = checks.addObject();
                cn.put("id", c.id().name().toLowerCase(Locale.ROOT));
                cn.put("name", c.name());
                cn.put("level", c.level().name().toLowerCase(Locale.ROOT));
                cn.put("value", c.value());
                cn.put("source", c.source());
                cn.put("detail", c.detail());
            }
        }
        root.put("exit_code", code);
        try {
            out.println(m.writeValueAsString(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses {@code 5s}, {@code 1500ms}, {@code 2m} or ISO-8601 {@code PT5S}. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String v) {
            String s = v.trim().toLowerCase(Locale.ROOT);
            try {
                if (s.startsWith("pt")) {
                    return Duration.parse(s.toUpperCase(Locale.ROOT));
                }
                if (s.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
                }
                if (s.endsWith("s")) {
                    return Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
                }
                if (s.endsWith("m")) {
                    return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)) * 60);
                }
                return Duration.ofSeconds(Long.parseLong(s));
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + v + "' is not a duration like 5s or 1500ms");
            }
        }
    }
}
