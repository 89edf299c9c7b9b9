package io.rapport.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.api.DecisionApi;
import io.rapport.kafka.Json;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash consistency of the whole embedded stack: {@code ./rapport up} runs as a child process
 * (broker, Flink jobs and API in one JVM), is killed with SIGKILL ({@link
 * Process#destroyForcibly()}) while a client is posting purchases, and is started again on the same
 * data directory. Every event acknowledged with 202 before the kill must be counted exactly once
 * without being sent again; the batches that got no answer are retried by the client (their
 * outcome was unknown), and a replay of everything already acknowledged changes nothing.
 */
class CrashRecoveryIT {
    private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryIT.class);
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    /** The stack's java.io.tmpdir: a kill -9 leaves Flink's temporary directories here, not in /tmp. */
    @TempDir
    Path jvmTmp;

    private final StackClient api = new StackClient(() -> "http://127.0.0.1:" + this.apiPort);
    private final int apiPort = Ports.free();
    private final int kafkaPort = Ports.free();
    private Process stack;
    private int run;

    @AfterEach
    void stop() throws Exception {
        if (stack != null && stack.isAlive()) {
            stack.destroyForcibly().waitFor();
        }
    }

    @Test
    void everyAcknowledgedEventCountsExactlyOnceAfterAKillDashNine() throws Exception {
        start();
        Random random = new Random(11);
        List<Batch> batches = new ArrayList<>();
        AtomicBoolean crashed = new AtomicBoolean();
        Thread client = new Thread(
                () -> {
                    int seq = 0;
                    while (!crashed.get()) {
                        Batch batch = new Batch(seq++, randomOrders(random, seq, 10));
                        synchronized (batches) {
                            batches.add(batch);
                        }
                        try {
                            batch.status = api.post(batch.events).statusCode();
                        } catch (Exception e) {
                            batch.status = -1; // no answer: the client cannot know whether it was written
                        }
                    }
                },
                "crash-it-client");
        client.start();
        // Past at least one checkpoint (5 s after the work starts), then kill in the middle of the ingestion.
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged(batches) >= 150);
        Thread.sleep(1_700);
        stack.destroyForcibly().waitFor();
        crashed.set(true);
        client.join();
        List<Batch> all;
        synchronized (batches) {
            all = List.copyOf(batches);
        }
        long ackedEvents = all.stream()
                .filter(b -> b.status == 202)
                .mapToLong(b -> b.events.size())
                .sum();
        List<Batch> unanswered = all.stream().filter(b -> b.status != 202).toList();
        LOG.info(
                "killed -9 after {} batches: {} events acknowledged, {} batches without an answer",
                all.size(),
                ackedEvents,
                unanswered.size());
        assertThat(unanswered.stream().allMatch(b -> b.status == -1 || b.status == 503))
                .as("before the kill every answer was 202 or none")
                .isTrue();

        start();
        for (Batch b : unanswered) {
            assertThat(api.post(b.events).statusCode())
                    .as("retry of batch %d", b.seq)
                    .isEqualTo(202);
        }
        Map<String, Set<String>> bought = recount(all);
        api.assertCountsConverge(bought, CONVERGE);
        LOG.info(
                "after recovery: {} acknowledged events + {} retried batches counted exactly once over {} items",
                ackedEvents,
                unanswered.size(),
                itemsOf(bought).size());

        // Client retries of events already acknowledged before the crash count once; a sentinel per
        // customer (same key, same partition, behind the replay) proves the replay was processed.
        for (Batch b : all) {
            assertThat(api.post(b.events).statusCode()).isEqualTo(202);
        }
        List<String> sentinels = new ArrayList<>();
        for (String customer : bought.keySet()) {
            sentinels.add(purchase("sentinel-" + customer, customer, List.of("sentinel")));
            bought.get(customer).add("sentinel");
        }
        for (int i = 0; i < sentinels.size(); i += 500) {
            assertThat(api.post(sentinels.subList(i, Math.min(sentinels.size(), i + 500)))
                            .statusCode())
                    .isEqualTo(202);
        }
        api.assertCountsConverge(bought, CONVERGE);
    }

    @Test
    void sigtermDrainsStopsWithASavepointAndExitsZero() throws Exception {
        start();
        List<Batch> batches = new ArrayList<>();
        postAcknowledged(new Random(5), 10_000, 0, 50, batches);
        long t0 = System.nanoTime();
        stack.destroy(); // SIGTERM
        assertThat(stack.waitFor(60, java.util.concurrent.TimeUnit.SECONDS))
                .as("exits within 60 s")
                .isTrue();
        long stopMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(stack.exitValue()).isZero();
        String log = java.nio.file.Files.readString(Path.of("target", "crash-it-run-" + run + ".log"));
        assertThat(log)
                .contains("stopped with savepoint")
                .contains("Rapport stopped.")
                .as("Kafka's double close on shutdown, dropped by the stack's logging configuration")
                .doesNotContain("Attempting to close NetworkClient");
        LOG.info("SIGTERM → exit 0 in {} ms, savepoint taken", stopMillis);
        Set<String> statuses = startPostingWhileTheJobsStart(new Random(6), 10_000, 50, batches);
        assertThat(log).doesNotContain("Exception in thread");
        // the API serves while Flink restores the savepoint: not ready, but it takes events
        assertThat(statuses)
                .as("readiness during the restart, the API's warm-up last")
                .contains(EmbeddedStack.STARTING, DecisionApi.WARMING_UP);
        assertThat(batches)
                .as("a batch posted while the jobs started, acknowledged")
                .hasSize(51);
        api.assertCountsConverge(recount(batches), CONVERGE);

        // a second clean stop and start: the first savepoint, restored from once, is gone, so the
        // data directory keeps one snapshot from before the start however often the stack restarts
        stack.destroy();
        assertThat(stack.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(stack.exitValue()).isZero();
        start();
        assertThat(directories(dataDir.resolve("flink").resolve("savepoints")))
                .as("savepoints after two clean stops and starts")
                .hasSize(1);
        assertThat(directories(dataDir.resolve("flink").resolve("checkpoints")))
                .as("checkpoint directories: the running job's at most")
                .hasSizeLessThanOrEqualTo(1);
        api.assertCountsConverge(recount(batches), CONVERGE);
    }

    private static List<Path> directories(Path root) throws IOException {
        if (!java.nio.file.Files.isDirectory(root)) {
            return List.of();
        }
        try (var children = java.nio.file.Files.list(root)) {
            return children.filter(java.nio.file.Files::isDirectory).toList();
        }
    }

    @Test
    void aStartWithoutFlinkState_readsTheEventLogFromItsStart_andCountsEverythingOnce() throws Exception {
        // a new cluster, a JobManager restarted without HA, or lost checkpoints: the jobs start empty
        // and must rebuild from the whole log, not carry on from their groups' committed offsets
        start();
        Random random = new Random(13);
        List<Batch> batches = new ArrayList<>();
        postAcknowledged(random, 20_000, 0, 20, batches);
        api.assertCountsConverge(recount(batches), CONVERGE);
        stack.destroy(); // SIGTERM: offsets committed, a savepoint taken
        assertThat(stack.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        try (var files = java.nio.file.Files.walk(dataDir.resolve("flink"))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }

        Set<String> statuses = startWatchingReadiness(status -> {});
        Path log = Path.of("target", "crash-it-run-" + run + ".log");
        assertThat(statuses)
                .as("readiness while the jobs rebuild, then while the API warms up")
                .contains("rebuilding_from_events", DecisionApi.WARMING_UP);
        // ready means rebuilt: no waiting for the counts (their groups' old offsets no longer count)
        api.assertCountsConverge(recount(batches), Duration.ofSeconds(2));
        assertThat(java.nio.file.Files.readString(log)).contains("The jobs rebuilt their state from the events topic");

        postAcknowledged(random, 20_000, 20, 25, batches);
        api.assertCountsConverge(recount(batches), CONVERGE);
    }

    /** Posts batches {@code from} to {@code to} of 10 random orders each, every one acknowledged with 202. */
    private void postAcknowledged(Random random, int base, int from, int to, List<Batch> batches) throws Exception {
        for (int i = from; i < to; i++) {
            Batch b = new Batch(i, randomOrders(random, base + i, 10));
            b.status = api.post(b.events).statusCode();
            assertThat(b.status).isEqualTo(202);
            batches.add(b);
        }
    }

    private static final class Batch {
        final int seq;
        final List<String> events;
        volatile int status;

        Batch(int seq, List<String> events) {
            this.seq = seq;
            this.events = events;
        }
    }

    private static long acknowledged(List<Batch> batches) {
        synchronized (batches) {
            return batches.stream().filter(b -> b.status == 202).count();
        }
    }

    @Test
    void sigtermDuringTheFirstSampleReplay_stopsWithoutWaitingForIt_andLeavesItToBeReplayed() throws Exception {
        run++;
        Path log = Path.of("target", "crash-it-run-" + run + ".log");
        stack = launch(log, false);
        await().atMost(START).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(stack.isAlive()).as("the stack exited; see %s", log).isTrue();
            return java.nio.file.Files.readString(log).contains("Replaying the bundled sample");
        });
        assertThat(api.get("/health/ready").statusCode())
                .as("held while the sample replays")
                .isEqualTo(503);

        stack.destroy(); // SIGTERM

        assertThat(stack.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(stack.exitValue()).isZero();
        String said = java.nio.file.Files.readString(log);
        assertThat(said).contains("stopped before the sample was loaded").contains("Rapport stopped.");
        assertThat(said).doesNotContain("The sample is in the views");
        assertThat(dataDir.resolve("sample-replayed"))
                .as("replayed again at the next start")
                .doesNotExist();
    }

    private Process launch(Path log, boolean noSample) throws IOException {
        Path target = Path.of("target");
        String cp = target.resolve("rapport-cli-0.1.0-SNAPSHOT.jar") + File.pathSeparator + target.resolve("lib")
                + File.separator + "*";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(
                List.of(java, "-Xmx1g", "-Djava.io.tmpdir=" + jvmTmp, "-cp", cp, "io.rapport.cli.RapportCli", "up"));
        if (noSample) {
            command.add("--no-sample");
        }
        command.addAll(List.of(
                "--port",
                String.valueOf(apiPort),
                "--kafka-port",
                String.valueOf(kafkaPort),
                "--data-dir",
                dataDir.toString()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private void start() throws Exception {
        run++;
        Path log = Path.of("target", "crash-it-run-" + run + ".log");
        stack = launch(log, true);
        long t0 = System.nanoTime();
        await().atMost(START).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(stack.isAlive()).as("the stack exited; see %s", log).isTrue();
            try {
                return api.get("/health/ready").statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        LOG.info("stack run {} ready in {} ms (log {})", run, (System.nanoTime() - t0) / 1_000_000, log);
    }

    /**
     * Starts the stack and waits until it is ready; the first time its readiness says the jobs are
     * starting it posts batch {@code seq}, which must be acknowledged. Returns the statuses seen.
     */
    private Set<String> startPostingWhileTheJobsStart(Random random, int base, int seq, List<Batch> batches)
            throws Exception {
        return startWatchingReadiness(status -> {
            if (status.equals(EmbeddedStack.STARTING)) {
                postAcknowledged(random, base, seq, seq + 1, batches);
            }
        });
    }

    /** What to do when readiness first reports a status. */
    private interface StatusSeen {
        void first(String status) throws Exception;
    }

    /**
     * Starts the stack (without the sample) and waits until it is ready, polling readiness every
     * 100 ms; returns the statuses it reported, each handed to {@code seen} the first time.
     */
    private Set<String> startWatchingReadiness(StatusSeen seen) throws Exception {
        run++;
        Path log = Path.of("target", "crash-it-run-" + run + ".log");
        stack = launch(log, true);
        Set<String> statuses = new TreeSet<>();
        await().atMost(START).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(stack.isAlive()).as("the stack exited; see %s", log).isTrue();
            try {
                var ready = api.get("/health/ready");
                String status =
                        Json.mapper().readTree(ready.body()).path("status").asText();
                if (statuses.add(status)) {
                    seen.first(status);
                }
                return ready.statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return statuses;
    }

    private static Map<String, Set<String>> recount(List<Batch> batches) throws IOException {
        Map<String, Set<String>> bought = new TreeMap<>();
        for (Batch b : batches) {
            for (String e : b.events) {
                JsonNode n = Json.mapper().readTree(e);
                Set<String> items = bought.computeIfAbsent(n.path("customerId").asText(), k -> new TreeSet<>());
                n.path("items").forEach(i -> items.add(i.path("itemId").asText()));
            }
        }
        return bought;
    }

    private static Set<String> itemsOf(Map<String, Set<String>> bought) {
        Set<String> items = new TreeSet<>();
        bought.values().forEach(items::addAll);
        return items;
    }

    /** Ten orders of 1–4 items among 15, by 300 customers; eventIds unique per batch and order. */
    private static List<String> randomOrders(Random random, int batch, int orders) {
        List<String> events = new ArrayList<>();
        for (int o = 0; o < orders; o++) {
            Set<String> basket = new TreeSet<>();
            int size = 1 + random.nextInt(4);
            while (basket.size() < size) {
                basket.add("item " + random.nextInt(15));
            }
            events.add(purchase("b" + batch + "-o" + o, "c-" + random.nextInt(300), List.copyOf(basket)));
        }
        return events;
    }

    private static String purchase(String eventId, String customer, List<String> items) {
        StringBuilder sb = new StringBuilder(
                "{\"eventId\":\"crash-" + eventId + "\",\"type\":\"purchase\",\"customerId\":\"" + customer
                        + "\",\"timestamp\":\"" + Instant.now() + "\",\"orderId\":\"o-" + eventId + "\",\"items\":[");
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "" : ",")
                    .append("{\"itemId\":\"")
                    .append(items.get(i))
                    .append("\",\"category\":\"food\",\"price\":1.5,\"quantity\":1}");
        }
        return sb.append("]}").toString();
    }
}
