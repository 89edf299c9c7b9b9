package io.rapport.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobCancellationException;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Flink job on a local Flink cluster (the real Flink runtime, a MiniCluster in this JVM) with
 * filesystem checkpoints under the data directory.
 *
 * <p>Restarts resume where the last run stopped: a clean stop takes a savepoint, a crash leaves
 * retained checkpoints, and {@link #start} restores from whichever of them is newest. Without any,
 * the job starts empty and rebuilds its state from the beginning of the event log. Every older
 * snapshot is removed at start ({@link #pruneSnapshots}), so the directory holds the one restored
 * from and the running job's own (Flink keeps its 2 latest checkpoints), not one more per restart.
 */
public final class EmbeddedFlink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFlink.class);
    /**
     * Flink's own periodic checkpoints: a backstop behind the {@link CheckpointPacer}, which
     * triggers them while the job works.
     */
    static final Duration BACKSTOP_INTERVAL = Duration.ofMinutes(10);
    /** The fixed interval used when the pacer cannot reach the local cluster (a Flink upgrade). */
    private static final Duration UNPACED_INTERVAL = Duration.ofSeconds(5);
    /**
     * How the local cluster is reached from its job client, to trigger checkpoints: Flink's {@code
     * JobClient} has no such method, its local cluster (a {@link MiniCluster}) has, and the local
     * client keeps it in a private field; null when it cannot be (checkpoints then run every {@link
     * #UNPACED_INTERVAL}). Found before submitting, as the periodic interval depends on it.
     */
    private static final Field MINI_CLUSTER = miniClusterField();

    /** Longest wait between two restarts of a failed job (exponential delay from 1 s). */
    static final Duration RESTART_MAX_BACKOFF = Duration.ofSeconds(10);

    /** How often {@link #reportStatus} asks the local cluster for the job's state. */
    static final Duration STATUS_INTERVAL = Duration.ofSeconds(1);

    /** How long the pacer waits for the local cluster to say what its tasks are doing. */
    private static final Duration TASK_STATES_TIMEOUT = Duration.ofSeconds(2);

    private final JobClient client;
    private final Path savepoints;
    private final ScheduledExecutorService pacing;
    private volatile boolean closing;
    /** Set once the job has ended, whatever ended it. */
    private volatile boolean ended;

    private EmbeddedFlink(JobClient client, Path savepoints, String jobName) {
        this.client = client;
        this.savepoints = savepoints;
        this.pacing = pace(client, jobName);
        // A job cancelled from outside (the local cluster's REST endpoint) or failed for good takes its
        // local cluster with it, silently: say so, as the API keeps answering from its last state.
        client.getJobExecutionResult().whenComplete((result, failure) -> {
            ended = true;
            if (pacing != null) {
                pacing.shutdownNow();
            }
            if (!closing) {
                LOG.error(
                        "Flink job {} ended while ./rapport up still runs ({}): nothing is counted until"
                                + " ./rapport up is restarted, which resumes from the last checkpoint; the API"
                                + " answers from its last state and readiness says \"streamDown\": true",
                        jobName,
                        failure == null ? "finished" : rootCause(failure));
            }
        });
    }

    /**
     * Builds the job into a fresh local environment and submits it.
     *
     * @param pipeline adds the job's sources, functions and sinks to the environment
     */
    public static EmbeddedFlink start(
            Path dataDir, String jobName, int parallelism, Consumer<StreamExecutionEnvironment> pipeline) {
        Path checkpoints = dataDir.resolve("flink").resolve("checkpoints");
        Path savepoints = dataDir.resolve("flink").resolve("savepoints");
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepoints.toUri().toString());
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        // state and checkpoint sizes on the API's /metrics
        conf.setString("metrics.reporter.rapport.factory.class", FlinkJobMetrics.Factory.class.getName());
        // The local cluster's REST endpoint can cancel jobs and has no authentication: this machine only.
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        // so do the BLOB server (job jars and artefacts) and the task manager's data port
        conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.HOST, "127.0.0.1");
        // The default 100 ms network buffer timeout would dominate the purchase-to-answer latency.
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(5));
        // A failed job (the broker is down, a checkpoint fails) restarts from its last checkpoint
        // after 1 s, 2 s, 4 s … at most 10 s apart, for ever: the pipeline must come back on its own
        // once Kafka does, and within seconds. A minute without failures resets the delay.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, RESTART_MAX_BACKOFF);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
                Duration.ofMinutes(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, 0.1);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        Optional<Path> restore = latestSnapshot(checkpoints, savepoints);
        pruneSnapshots(restore.orElse(null), checkpoints, savepoints);
        restore.ifPresent(p -> {
            LOG.info("Flink job {} resumes from {}", jobName, p);
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString());
        });
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        env.enableCheckpointing((MINI_CLUSTER != null ? BACKSTOP_INTERVAL : UNPACED_INTERVAL).toMillis());
        pipeline.accept(env);
        try {
            JobClient client = env.executeAsync(jobName);
            LOG.info("Flink job {} submitted as {} (parallelism {})", jobName, client.getJobID(), parallelism);
            return new EmbeddedFlink(client, savepoints, jobName);
        } catch (Exception e) {
            throw new IllegalStateException("could not start Flink job " + jobName, e);
        }
    }

    private static Field miniClusterField() {
        try {
            Field field = MiniClusterJobClient.class.getDeclaredField("miniCluster");
            field.setAccessible(true);
            return field.getType() == MiniCluster.class ? field : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn(
                    "Flink checkpoints run every {} s: the local cluster cannot be reached to pace them ({})",
                    UNPACED_INTERVAL.toSeconds(),
                    e.toString());
            return null;
        }
    }

    /** Starts the {@link CheckpointPacer} of the submitted job; null when checkpoints are not paced. */
    private static ScheduledExecutorService pace(JobClient client, String jobName) {
        if (MINI_CLUSTER == null || !(client instanceof MiniClusterJobClient)) {
            return null;
        }
        MiniCluster cluster;
        try {
            cluster = (MiniCluster) MINI_CLUSTER.get(client);
        } catch (IllegalAccessException e) {
            LOG.warn("Flink checkpoints run every {} minutes only: {}", BACKSTOP_INTERVAL.toMinutes(), e.toString());
            return null;
        }
        CheckpointPacer pacer = new CheckpointPacer(
                () -> FlinkJobMetrics.records(jobName),
                () -> everyTaskRuns(cluster, client.getJobID()),
                () -> cluster.triggerCheckpoint(client.getJobID(), CheckpointType.CONFIGURED),
                System::currentTimeMillis);
        ScheduledExecutorService pacing = daemonScheduler("rapport-checkpoint-pacer");
        long tick = CheckpointPacer.TICK.toMillis();
        pacing.scheduleWithFixedDelay(
                () -> {
                    try {
                        pacer.tick();
                    } catch (RuntimeException e) {
                        LOG.warn("checkpoint pacing failed once", e);
                    }
                },
                tick,
                tick,
                TimeUnit.MILLISECONDS);
        return pacing;
    }

    /** One daemon thread running scheduled work: it never keeps the JVM from exiting. */
    private static ScheduledExecutorService daemonScheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether the job runs and so does every one of its tasks (none deploying or restoring state). */
    private static boolean everyTaskRuns(MiniCluster cluster, JobID job) {
        AccessExecutionGraph graph;
        try {
            graph = cluster.getExecutionGraph(job).get(TASK_STATES_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
        if (graph.getState() != JobStatus.RUNNING) {
            return false;
        }
        for (AccessExecutionVertex task : graph.getAllExecutionVertices()) {
            if (task.getExecutionState() != ExecutionState.RUNNING) {
                return false;
            }
        }
        return true;
    }

    /** The innermost cause, e.g. "JobCancellationException: Job was cancelled." */
    private static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Whether a start on {@code dataDir} resumes from a checkpoint or savepoint (else the jobs start empty). */
    public static boolean resumes(Path dataDir) {
        Path flink = dataDir.resolve("flink");
        return latestSnapshot(flink.resolve("checkpoints"), flink.resolve("savepoints"))
                .isPresent();
    }

    /** The newest completed checkpoint or savepoint (a directory holding {@code _metadata}). */
    static Optional<Path> latestSnapshot(Path... roots) {
        return Stream.of(roots)
                .filter(Files::isDirectory)
                .flatMap(EmbeddedFlink::metadataFiles)
                .max(Comparator.comparing(EmbeddedFlink::modified))
                .map(Path::getParent);
    }

    /**
     * Removes every snapshot under {@code roots} but {@code kept} (the one the job restores from, null
     * when none): each earlier run's checkpoint directory ({@code checkpoints/<job id>}, with its
     * {@code shared} and {@code taskowned} parts) and each savepoint. They could never be restored
     * from again, since a start takes the newest, and each is a whole copy of the state: a crash left
     * one, a clean stop another, without end. A directory that cannot be removed is logged and left.
     */
    static void pruneSnapshots(Path kept, Path... roots) {
        long freed = 0;
        int removed = 0;
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            List<Path> runs;
            try (Stream<Path> children = Files.list(root)) {
                runs = children.filter(Files::isDirectory).toList();
            } catch (IOException e) {
                LOG.warn("could not list {} to remove older snapshots ({})", root, e.toString());
                continue;
            }
            for (Path run : runs) {
                if (kept != null && kept.startsWith(run)) {
                    continue;
                }
                try {
                    freed += deleteTree(run);
                    removed++;
                } catch (IOException | UncheckedIOException e) {
                    LOG.warn("could not remove the older snapshot {} ({})", run, e.toString());
                }
            }
        }
        if (removed > 0) {
            LOG.info("removed {} older Flink snapshot directories ({} MB)", removed, freed / (1024 * 1024));
        }
    }

    /** Deletes {@code dir} and everything in it; the bytes its files held. */
    private static long deleteTree(Path dir) throws IOException {
        long bytes = 0;
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            if (Files.isRegularFile(p)) {
                bytes += Files.size(p);
            }
            Files.delete(p);
        }
        return bytes;
    }

    private static Stream<Path> metadataFiles(Path root) {
        try (Stream<Path> files =
                Files.find(root, 3, (p, a) -> p.getFileName().toString().equals("_metadata"))) {
            return files.toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    public JobClient client() {
        return client;
    }

    /**
     * Reports the job's state ({@link JobStatus} names: {@code RUNNING}, {@code RESTARTING} …) to
     * {@code report} now and every {@link #STATUS_INTERVAL}, and once it ends {@code FINISHED}, {@code
     * CANCELED} or {@code FAILED}, after which nothing more: readiness says the stream side is down
     * even while no events arrive to make a job lag.
     */
    public void reportStatus(Consumer<String> report) {
        ScheduledExecutorService polling = daemonScheduler("rapport-job-status");
        AtomicBoolean ended = new AtomicBoolean();
        polling.scheduleWithFixedDelay(
                () -> {
                    try {
                        JobStatus status = client.getJobStatus().get(2, TimeUnit.SECONDS);
                        if (!ended.get() && !status.isGloballyTerminalState()) {
                            report.accept(status.name());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (ExecutionException | TimeoutException | RuntimeException e) {
                        // the job is gone or the cluster busy: its end is reported below, a busy spell not at all
                    }
                },
                0,
                STATUS_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        client.getJobExecutionResult().whenComplete((result, failure) -> {
            ended.set(true);
            polling.shutdownNow();
            report.accept(failure == null ? "FINISHED" : cancelled(failure) ? "CANCELED" : "FAILED");
        });
    }

    private static boolean cancelled(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JobCancellationException) {
                return true;
            }
        }
        return false;
    }

    /** Stops the job with a savepoint, so that the next start resumes exactly here. */
    @Override
    public void close() {
        closing = true;
        if (pacing != null) {
            pacing.shutdownNow();
        }
        if (ended) { // cancelled from outside or failed for good: its local cluster is gone, nothing to stop
            LOG.info("the Flink job had already ended: no savepoint, the next start resumes from its last checkpoint");
            return;
        }
        try {
            String path = client.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(60, TimeUnit.SECONDS);
            LOG.info("Flink job stopped with savepoint {}", path);
        } catch (Exception e) {
            LOG.warn("stop with savepoint failed ({}); cancelling, the last checkpoint stays", e.toString());
            try {
                client.cancel().get(30, TimeUnit.SECONDS);
            } catch (Exception cancelFailure) {
                LOG.warn("cancelling the Flink job failed", cancelFailure);
            }
        }
    }
}
