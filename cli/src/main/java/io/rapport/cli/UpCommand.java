package io.rapport.cli;

import io.rapport.api.ApiConfig;
import io.rapport.embedded.EmbeddedStack;
import io.rapport.embedded.StackConfig;
import io.rapport.http.security.ApiKeys;
import io.rapport.http.security.SecurityConfig;
import io.rapport.jobs.copurchase.CoPurchaseJob;
import io.rapport.jobs.coview.CoViewJob;
import io.rapport.lag.JobLagSettings;
import io.rapport.sample.GroceriesSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.util.ParameterTool;
import org.apache.flink.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code ./rapport up}: runs the embedded stack until Ctrl-C or SIGTERM, then stops cleanly. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = "Start the embedded stack (KRaft Kafka broker, Flink jobs, API) and replay the bundled sample.")
final class UpCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(UpCommand.class);
    private static final String SAMPLE_MARKER = "sample-replayed";
    /** Written once the sample offers were installed, or an operator's catalogue found, so a restart leaves the catalogue alone. */
    private static final String OFFERS_MARKER = "sample-offers-installed";
    /** Locked while a {@code ./rapport up} runs on the directory. */
    private static final String LOCK_FILE = "rapport.lock";

    @Option(
            names = "--port",
            defaultValue = "${env:RAPPORT_PORT:-8080}",
            description = "API port (default ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--data-dir",
            defaultValue = "${env:RAPPORT_DATA_DIR:-.rapport}",
            description = "broker logs and Flink checkpoints; kept across restarts (default ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--no-sample", description = "do not replay the bundled Groceries sample")
    boolean noSample;

    @Option(
            names = "--kafka-port",
            defaultValue = "${env:RAPPORT_KAFKA_PORT:-0}",
            description = "broker client port; 0 = 9092 when free, else any free port (default ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(
            names = "--parallelism",
            defaultValue = "${env:RAPPORT_PARALLELISM:-1}",
            description = "Flink parallelism (default ${DEFAULT-VALUE})")
    int parallelism;

    @Option(
            names = "--partitions",
            defaultValue = "${env:RAPPORT_PARTITIONS:-2}",
            description = "partitions of new topics (default ${DEFAULT-VALUE})")
    int partitions;

    @Option(
            names = "--session-gap",
            defaultValue = "${env:RAPPORT_SESSION_GAP:-30 min}",
            description = "event-time inactivity that ends a view session for also-viewed, e.g. 45 min, 2 h "
                    + "(default ${DEFAULT-VALUE})")
    String sessionGap;

    @Option(
            names = "--recent-days",
            defaultValue = "${env:RAPPORT_RECENT_DAYS:-30}",
            description = "event-time days of new buyers in an item's recentBuyers, which rank the "
                    + "recommendations' popular-in-category fallback (default ${DEFAULT-VALUE})")
    int recentDays;

    @Option(
            names = "--pair-items",
            defaultValue = "${env:RAPPORT_PAIR_ITEMS:-200}",
            description = "distinct bought items per customer that take part in co-purchase pairs; past it a "
                    + "customer adds no pairs (default ${DEFAULT-VALUE})")
    int pairItems;

    @Option(
            names = "--bought-items",
            defaultValue = "${env:RAPPORT_BOUGHT_ITEMS}",
            description = "distinct bought items per customer that count as bought, at least --pair-items "
                    + "(default 1000, or --pair-items when that is larger)")
    Integer boughtItems;

    @Option(
            names = "--viewed-items",
            defaultValue = "${env:RAPPORT_VIEWED_ITEMS:-500}",
            description = "distinct viewed items per customer that count as views (default ${DEFAULT-VALUE})")
    int viewedItems;

    @Option(
            names = "--neighbours",
            defaultValue = "${env:RAPPORT_NEIGHBOURS:-100}",
            description = "neighbours published per item for also-bought and also-viewed, most co-purchased "
                    + "(co-viewed) first (default ${DEFAULT-VALUE})")
    int neighbours;

    @Option(
            names = "--session-items",
            defaultValue = "${env:RAPPORT_SESSION_ITEMS:-50}",
            description = "distinct items per view session that count for also-viewed (default ${DEFAULT-VALUE})")
    int sessionItems;

    @Option(
            names = "--sessions-per-customer",
            defaultValue = "${env:RAPPORT_SESSIONS_PER_CUSTOMER:-50}",
            description = "view sessions kept and counted per customer (default ${DEFAULT-VALUE})")
    int sessionsPerCustomer;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (dataDir.toString().isBlank()) {
            // "" would be the working directory, filled with broker logs and checkpoints unasked
            throw new ParameterException(spec.commandLine(), "--data-dir: must not be empty");
        }
        Path dir = dataDir.toAbsolutePath();
        Map<String, String> jobOptions = jobOptions();
        checkSizes();
        checkEnvironment(System.getenv());
        checkDataDir(dir);
        checkFree("--port", port);
        checkFree("--kafka-port", kafkaPort);
        if (port != 0 && port == kafkaPort) {
            throw new ParameterException(
                    spec.commandLine(), "--kafka-port: must differ from --port, both were " + port);
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        boolean replay = !noSample && !Files.exists(dir.resolve(SAMPLE_MARKER));
        try (FileChannel held = lockDataDir(dir);
                EmbeddedStack stack = EmbeddedStack.start(
                        new StackConfig(dir, port, kafkaPort, parallelism, partitions, jobOptions), replay)) {
            System.out.println("Rapport is up: " + stack.apiUrl() + " (Kafka " + stack.bootstrapServers() + ", data in "
                    + dir + "). Ctrl-C stops it.");
            AtomicReference<Exception> sampleFailure = new AtomicReference<>();
            Thread sample = null;
            // Jobs rebuilding from the event log (no checkpoint or savepoint) hold readiness as the
            // sample's replay does (whose release also waits for every job to read events to its end).
            boolean rebuild = !replay && stack.rebuilding();
            if (!noSample || rebuild) {
                // Off the main thread, so that Ctrl-C / SIGTERM stops the stack at once, mid-sample too
                // (the marker is written only after a whole replay, so the next start replays it again).
                sample = new Thread(
                        () -> {
                            try {
                                if (!noSample) {
                                    loadSample(stack, dir, replay);
                                }
                                if (rebuild) {
                                    stack.releaseReadinessWhenCaughtUp(Duration.ofHours(1));
                                    System.out.println("The jobs rebuilt their state from the events topic:"
                                            + " /health/ready answers 200.");
                                }
                            } catch (InterruptedException e) {
                                LOG.info("stopped before the sample was loaded or the jobs rebuilt");
                            } catch (Exception e) {
                                sampleFailure.set(e);
                                stop.countDown();
                            }
                        },
                        "rapport-sample");
                sample.start();
            }
            stop.await();
            if (sample != null) {
                sample.interrupt();
                sample.join();
            }
            if (sampleFailure.get() != null) {
                throw sampleFailure.get();
            }
            LOG.info("stopping: draining the API, taking a savepoint, stopping the broker");
        }
        System.out.println("Rapport stopped.");
        return 0;
    }

    /**
     * The settings read from the environment (input limits, ranking, segments, decay), checked
     * before anything starts: a wrong one is a usage error naming its variable.
     */
    void checkEnvironment(Map<String, String> env) {
        try {
            ApiConfig.of(0, null).withEnvironment(env);
            SecurityConfig.fromEnvironment(env);
            JobLagSettings.fromEnvironment(env);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Why a file could not be used, in words rather than an exception's class name. */
    static String plainly(IOException e) {
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a directory";
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof FileSystemException f) {
            return (f.getReason() == null ? "cannot create or open" : f.getReason()) + ": " + f.getFile();
        }
        return String.valueOf(e.getMessage());
    }

    /**
     * Locks the data directory for this process (the lock lives while the returned channel is open):
     * a second {@code ./rapport up} on it is a usage error naming it, before anything starts; the
     * broker would otherwise fail on its own lock with a long stack trace.
     */
    FileChannel lockDataDir(Path dir) {
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (channel.tryLock() != null) {
                return channel;
            }
        } catch (OverlappingFileLockException e) {
            // held by this very process
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ParameterException(spec.commandLine(), "--data-dir: cannot use " + dir + " (" + plainly(e) + ")");
        }
        closeQuietly(channel);
        throw new ParameterException(
                spec.commandLine(),
                "--data-dir: " + dir + " is in use by another ./rapport up; stop it or choose another directory");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing held yet
            }
        }
    }

    /** A usage error when the data directory is a file or cannot be made. */
    private void checkDataDir(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "--data-dir: " + dir + " is a file, not a directory");
        }
    }

    /** The session gap as given, once it parses as a positive duration; a usage error otherwise. */
    String validSessionGap() {
        Duration gap;
        try {
            gap = TimeUtils.parseDuration(sessionGap);
        } catch (RuntimeException e) {
            throw new ParameterException(
                    spec.commandLine(), "--session-gap: '" + sessionGap + "' is not a duration (e.g. 30 min, 2 h)");
        }
        if (gap.isZero() || gap.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--session-gap: must be positive, was " + sessionGap);
        }
        return sessionGap;
    }

    /**
     * A usage error, before anything starts, when something already listens on {@code port} (0 asks
     * for any free port and is not checked); otherwise the broker and the jobs would start and the
     * API would then fail to bind.
     */
    void checkFree(String option, int port) {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), option + ": must be a port from 0 to 65535, was " + port);
        }
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    option + ": port " + port + " is in use (" + e.getMessage()
                            + "); stop what listens there or choose another port");
        }
    }

    /**
     * The options of the Flink jobs, as their {@code main}s take them, once the jobs accept them
     * ({@link CoPurchaseJob#settings}, {@link CoViewJob#settings}); a usage error naming the first
     * wrong one otherwise.
     */
    Map<String, String> jobOptions() {
        Map<String, String> options = new HashMap<>(Map.of(
                "session-gap", validSessionGap(),
                "recent-days", String.valueOf(validRecentDays()),
                "pair-items", String.valueOf(pairItems),
                "viewed-items", String.valueOf(viewedItems),
                "neighbours", String.valueOf(neighbours),
                "session-items", String.valueOf(sessionItems),
                "sessions-per-customer", String.valueOf(sessionsPerCustomer)));
        if (boughtItems != null) { // else the job's default, which follows a larger --pair-items
            options.put("bought-items", String.valueOf(boughtItems));
        }
        try {
            CoPurchaseJob.settings(ParameterTool.fromMap(options));
            CoViewJob.settings(ParameterTool.fromMap(options));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return Map.copyOf(options);
    }

    /** The recent window as given, once it is at least one day; a usage error otherwise. */
    int validRecentDays() {
        return new OptionChecks(spec).atLeast("--recent-days", recentDays, 1);
    }

    /** A usage error unless the jobs get at least one task slot and new topics one partition. */
    void checkSizes() {
        OptionChecks check = new OptionChecks(spec);
        check.atLeast("--parallelism", parallelism, 1);
        check.atLeast("--partitions", partitions, 1);
    }

    /** The sample offers (once per data directory) and events (unless replayed before), then readiness. */
    private static void loadSample(EmbeddedStack stack, Path dir, boolean replay) throws Exception {
        if (!Files.exists(dir.resolve(OFFERS_MARKER))) {
            if (stack.installSampleOffers()) {
                System.out.println("Installed the sample offer catalogue (GET /v1/offers).");
            }
            Files.writeString(dir.resolve(OFFERS_MARKER), "");
        }
        if (replay) {
            replaySample(stack.apiUrl(), dir);
            stack.releaseReadinessWhenCaughtUp(Duration.ofMinutes(2));
            System.out.println("The sample is in the views: /health/ready answers 200.");
        }
    }

    private static void replaySample(String apiUrl, Path dir) throws Exception {
        System.out.println("Replaying the bundled sample (Groceries, 9,835 baskets) ...");
        // With keys configured the API refuses an anonymous caller: the replay uses one of them.
        String key = ApiKeys.eventKey(System.getenv()).orElse(null);
        EventReplayer.Summary summary =
                new EventReplayer(apiUrl, key, 500, 0, System.err).replay(GroceriesSample.events(Instant.now()));
        System.out.println(summary.line());
        Files.writeString(dir.resolve(SAMPLE_MARKER), summary.line() + "\n");
    }
}
