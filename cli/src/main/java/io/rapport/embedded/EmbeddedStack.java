package io.rapport.embedded;

import io.rapport.api.ApiConfig;
import io.rapport.api.DecisionApi;
import io.rapport.jobs.JobMain;
import io.rapport.lag.JobLagMonitor;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.util.ParameterTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: a real KRaft Kafka broker, the Flink jobs on a local Flink cluster and the
 * decision API, all in this JVM, wired exactly as they would be against real clusters (the API
 * and the jobs only talk through Kafka topics).
 *
 * <p>Start-up order is broker → topics → API → jobs, so the API answers (from the views' last state,
 * not ready) while Flink starts; {@link #close} stops the API first, so that it stops taking events
 * before the jobs take their savepoint, and the broker last.
 */
public final class EmbeddedStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);
    /** The Flink job that runs every pipeline ({@code JobMain.wireAll}). */
    static final String JOB_NAME = "rapport";
    /** The readiness status while the API serves and the stream jobs start. */
    public static final String STARTING = "starting_stream_jobs";

    private final StackConfig config;
    private final EmbeddedKafkaBroker broker;
    /** Replaced by {@link #restartJobs()}. */
    private volatile EmbeddedFlink jobs;

    private final Vertx vertx;
    private final DecisionApi api;
    private final boolean rebuilding;

    private EmbeddedStack(
            StackConfig config,
            EmbeddedKafkaBroker broker,
            EmbeddedFlink jobs,
            Vertx vertx,
            DecisionApi api,
            boolean rebuilding) {
        this.config = config;
        this.broker = broker;
        this.jobs = jobs;
        this.vertx = vertx;
        this.api = api;
        this.rebuilding = rebuilding;
    }

    /**
     * Whether the jobs started without a checkpoint or savepoint on an event log that holds events:
     * they rebuild their state from its beginning, and until they have read it to its end the views
     * show part of it, and readiness stays held until {@link #releaseReadinessWhenCaughtUp}.
     */
    public boolean rebuilding() {
        return rebuilding;
    }

    /** Starts the stack; {@code /health/ready} answers by the views alone once it has started. */
    public static EmbeddedStack start(StackConfig config) {
        return start(config, false);
    }

    /**
     * Starts the broker (its port answering 503 meanwhile, see {@link StartingServer}), then the API
     * (serving the views' last state at once, readiness held as {@value #STARTING} while the jobs
     * start), then the jobs: a restart does not leave the API's port closed while Kafka and Flink
     * start.
     *
     * @param sampleToReplay whether the caller replays a sample next: readiness then stays held as
     *     {@code replaying_sample} until {@link #releaseReadinessWhenCaughtUp}, and so it does as
     *     {@code rebuilding_from_events} when the jobs {@linkplain #rebuilding rebuild}; otherwise it
     *     is held as {@code warming_up} once the jobs run, until the views are servable and the API's
     *     warm-up ran ({@link DecisionApi#warmUpBeforeReady}); a release warms up first too
     */
    public static EmbeddedStack start(StackConfig config, boolean sampleToReplay) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int kafkaPort = config.kafkaPort() == 0 ? Ports.preferredOrFree(9092) : config.kafkaPort();
        EmbeddedKafkaBroker broker;
        boolean rebuilding;
        // One Vert.x for the placeholder and the API: the API's server shares the placeholder's socket
        Vertx vertx = Vertx.vertx();
        StartingServer starting = StartingServer.open(vertx, config.apiPort());
        String bootstrap;
        DecisionApi api;
        try {
            broker = EmbeddedKafkaBroker.start(config.dataDir(), kafkaPort);
        } catch (RuntimeException e) {
            closeQuietly(vertx);
            throw e;
        }
        try {
            bootstrap = broker.bootstrapServers();
            TopicSetup.ensure(bootstrap, config.partitions());
            rebuilding = !EmbeddedFlink.resumes(config.dataDir()) && TopicSetup.holdsEvents(bootstrap);
            if (rebuilding) {
                // The jobs start from the beginning of events, but their groups' offsets are where the
                // lost state had reached: readiness and the lag would call the rebuild done at once.
                TopicSetup.forgetJobOffsets(bootstrap);
                LOG.info("No checkpoint or savepoint: the jobs rebuild their state from the events topic");
            }
            // the placeholder answers until the API listens on the same port
            api = DecisionApi.startHeld(
                            vertx,
                            ApiConfig.of(config.apiPort(), bootstrap).withEnvironment(),
                            STARTING,
                            starting == null ? null : starting::close)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            closeQuietly(vertx);
            broker.close();
            if (e instanceof RuntimeException runtime) {
                throw runtime; // setting up the topics
            }
            throw new IllegalStateException("the decision API did not start", e);
        }
        LOG.info(
                "API on http://127.0.0.1:{}: taking events, reads once its views have loaded their topics;"
                        + " /health/ready answers 503 {} until the stream jobs run",
                api.port(),
                STARTING);
        FlinkJobMetrics.bindTo(api.registry(), JOB_NAME);
        EmbeddedFlink jobs;
        try {
            jobs = startJobs(config, bootstrap);
        } catch (RuntimeException e) {
            closeQuietly(api, vertx);
            broker.close();
            throw e;
        }
        reportJobStatus(jobs, api);
        String held = sampleToReplay ? "replaying_sample" : rebuilding ? "rebuilding_from_events" : null;
        if (held == null) {
            api.warmUpBeforeReady(); // readiness "warming_up" until the views are servable and a warm-up ran
        } else {
            api.views().progress().hold(held);
        }
        LOG.info("Rapport is up: API on http://127.0.0.1:{}, Kafka on {}", api.port(), bootstrap);
        return new EmbeddedStack(config, broker, jobs, vertx, api, rebuilding);
    }

    private static EmbeddedFlink startJobs(StackConfig config, String bootstrap) {
        return EmbeddedFlink.start(
                config.dataDir(),
                JOB_NAME,
                config.parallelism(),
                env -> JobMain.wireAll(env, bootstrap, ParameterTool.fromMap(config.jobOptions())));
    }

    /** Stops the broker while the jobs and the API keep running: a broker outage, for tests. */
    public void stopBroker() {
        broker.stop();
    }

    /** Starts the broker again on the same port and log directory; returns once it runs. */
    public void restartBroker() {
        broker.restart();
    }

    /**
     * Cancels the Flink job without a savepoint, as a failed job stops; its retained checkpoints
     * stay, so {@link #restartJobs()} resumes from the last one.
     */
    public void cancelJobs() throws Exception {
        jobs.client().cancel().get(60, TimeUnit.SECONDS);
    }

    /** Submits the jobs again; they resume from the newest retained checkpoint or savepoint. */
    public void restartJobs() {
        jobs = startJobs(config, broker.bootstrapServers());
        reportJobStatus(jobs, api);
    }

    /** The job's state into the API's readiness ({@code streamJobs}, {@code streamDown}). */
    private static void reportJobStatus(EmbeddedFlink jobs, DecisionApi api) {
        jobs.reportStatus(state -> api.streamJobs().report(JOB_NAME, state, System.currentTimeMillis()));
    }

    /**
     * Installs the sample offer catalogue unless a catalogue exists. Waits for the API's views to
     * catch up with Kafka first, so that a catalogue still being read is never overwritten.
     *
     * @return whether the sample was installed
     */
    public boolean installSampleOffers() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!api.views().progress().caughtUp()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the API's views did not catch up with Kafka within 60 s");
            }
            Thread.sleep(100);
        }
        return api.installSampleOffersIfEmpty()
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    /**
     * Releases readiness once every stream job has processed the events topic to its end (their
     * consumer groups' lag, committed at each checkpoint, is 0) and the views have read everything
     * the jobs wrote (view lag 0), at a measurement taken after this call; after {@code max} at the
     * latest, with a warning.
     */
    public void releaseReadinessWhenCaughtUp(Duration max) throws InterruptedException {
        // The lag probe measures every interval: a figure from before the replay must not count.
        Thread.sleep(api.jobLag().settings().interval().toMillis() + 500);
        long deadline = System.nanoTime() + max.toNanos();
        while (!caughtUpWithEvents()) {
            if (System.nanoTime() > deadline) {
                LOG.warn("the jobs and views had not caught up with the events topic after {}; ready anyway", max);
                break;
            }
            Thread.sleep(250);
        }
        api.warmUpThenRelease(); // the first clients' answers from compiled code (DecisionApi.warmUp)
    }

    private boolean caughtUpWithEvents() {
        JobLagMonitor lag = api.jobLag();
        boolean jobs = lag.groupsByJob().keySet().stream().allMatch(job -> lag.lag(job) == 0);
        return jobs && api.views().progress().lag() == 0;
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + api.port();
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public void close() {
        closeQuietly(api, vertx);
        jobs.close();
        broker.close();
    }

    private static void closeQuietly(Vertx vertx) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Vert.x did not stop cleanly", e);
        }
    }

    private static void closeQuietly(DecisionApi api, Vertx vertx) {
        try {
            api.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("the API did not stop cleanly", e);
        }
        closeQuietly(vertx);
    }
}
