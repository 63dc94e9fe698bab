package com.dazzleops.console;

import com.dazzleops.console.app.ConsoleServices;
import com.dazzleops.console.app.ConsoleWindow;
import com.dazzleops.console.app.DemoServer;
import com.dazzleops.console.app.LaunchOptions;
import com.dazzleops.console.core.check.CheckCommand;
import com.dazzleops.console.core.servers.ConsolePaths;
import com.dazzleops.perf.cli.PerfCli;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * The console's entry point (a plain class, not an {@code Application}: with JavaFX on the class path the java
 * launcher refuses an Application main class).
 *
 * <ul>
 *   <li>{@code check URL...}: the six checks per server, no window; exit 0 healthy, 1 bad, 2 unreachable.</li>
 *   <li>{@code perf ...}: the trace file commands, no window.</li>
 *   <li>otherwise the window: {@code [--demo] [--theme light|dark] [--page ID] [--server NAME]
 *       [--exit-after SECONDS] [--interval SECONDS] [TRACE.db ...]}.</li>
 * </ul>
 */
public final class Launcher {

    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

    private Launcher() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("check")) {
            System.exit(CheckCommand.execute(System.out, Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("perf")) {
            System.exit(PerfCli.execute(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(LaunchOptions.USAGE);
            System.exit(0);
        }
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("dazzle-console: " + e.getMessage());
            System.err.print(LaunchOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(runWindow(options));
    }

    /** Opens the services (blocking, before the toolkit), shows the window and waits until it is closed. */
    static int runWindow(LaunchOptions options) {
        ConsoleServices services = ConsoleServices.open(ConsolePaths.configDir(), ConsolePaths.dataDir(),
                options.interval());
        if (options.demo()) {
            try {
                DemoServer demo = DemoServer.start(ConsolePaths.dataDir().resolve("demo-server"));
                services.closeWith(demo);
                demo.register(services.registry());
            } catch (Exception e) {
                LOG.error("the demo server could not start", e);
                System.err.println("dazzle-console: the demo server could not start: " + e.getMessage());
                services.close();
                return 1;
            }
        }
        CountDownLatch closed = new CountDownLatch(1);
        Platform.setImplicitExit(true);
        Platform.startup(() -> {
            try {
                Stage stage = new Stage();
                ConsoleWindow.show(stage, services, options);
                stage.setOnHidden(e -> closed.countDown());
            } catch (RuntimeException e) {
                LOG.error("the window could not be built", e);
                closed.countDown();
            }
        });
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        services.close();
        Platform.exit();
        return 0;
    }
}
