package io.rapport.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.kafka.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream side going away under a running embedded stack (broker, Flink jobs and API in this
 * JVM): the broker is stopped and restarted on the same port and log directory, or the Flink job
 * is cancelled and resubmitted. Meanwhile reads answer from the last views, readiness and metrics
 * say what is wrong, ingestion answers 503 with {@code Retry-After} in bounded time; afterwards
 * every event acknowledged with 202 (before, and retried or sent after) is counted exactly once.
 * Timings are logged ("broker-restart timing", "job-stop timing") for {@code docs/reliability.md}.
 */
class BrokerRestartIT {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerRestartIT.class);
    private static final Duration CONVERGE = Duration.ofSeconds(90);
    /** An answer to {@code POST /v1/events} slower than this counts as a hang. */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(15);

    @TempDir
    Path dataDir;

    private final RunningStack running = new RunningStack(1, CONVERGE);
    private final StackClient api = running.client();
    private final Map<String, Set<String>> bought = new TreeMap<>();
    private final Random random = new Random(23);
    private int eventSeq;

    @AfterEach
    void stop() {
        running.close();
    }

    private void start() {
        running.start(dataDir);
    }

    @Test
    void brokerRestart_readsKeepAnswering_ingestionRefusesFast_degradedIsReported_thenCountsConverge()
            throws Exception {
        start();
        int acknowledged = 0;
        for (List<String> batch : batches(random, 200, 25)) {
            assertThat(api.post(batch).statusCode()).isEqualTo(202);
            batch.forEach(this::record);
            acknowledged += batch.size();
        }
        api.assertCountsConverge(bought, CONVERGE);
        String item = bought.values().iterator().next().iterator().next();
        String customer = bought.keySet().iterator().next();
        Map<String, Integer> alsoBoughtBefore = api.alsoBought(item);
        String profileBefore = api.get("/v1/customers/" + StackClient.enc(customer) + "/profile")
                .body();

        long stopStart = System.nanoTime();
        running.stack().stopBroker();
        long stopped = System.nanoTime();
        LOG.info("broker-restart timing: broker stopped in {} ms", millis(stopStart, stopped));

        // Ingestion: 503 + Retry-After, sequentially and with requests queued behind one another.
        List<List<String>> refused = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        for (List<String> batch : batches(random, 30, 10)) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = api.post(batch);
            latencies.add(millis(t0, System.nanoTime()));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(r.body()).contains("\"unavailable\"");
            refused.add(batch);
        }
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<CompletableFuture<Long>> parallel = new ArrayList<>();
            for (List<String> batch : batches(random, 60, 10)) {
                refused.add(batch);
                parallel.add(CompletableFuture.supplyAsync(
                        () -> {
                            long t0 = System.nanoTime();
                            HttpResponse<String> r = postUnchecked(batch);
                            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                            assertThat(r.headers().firstValue("Retry-After")).isPresent();
                            return millis(t0, System.nanoTime());
                        },
                        clients));
            }
            for (CompletableFuture<Long> f : parallel) {
                latencies.add(f.get());
            }
        } finally {
            clients.shutdownNow();
        }
        LOG.info(
                "broker-restart timing: POST /v1/events while the broker is down: {} answers, all 503, "
                        + "latencies ms {} (max {})",
                latencies.size(),
                latencies,
                latencies.stream().mapToLong(Long::longValue).max().orElseThrow());
        assertThat(latencies).allSatisfy(ms -> assertThat(ms).isLessThan(ANSWER_BOUND.toMillis()));

        // Reads answer from the last views; readiness and metrics say the views are stale.
        assertThat(api.alsoBought(item)).isEqualTo(alsoBoughtBefore);
        HttpResponse<String> profile = api.get("/v1/customers/" + StackClient.enc(customer) + "/profile");
        assertThat(profile.statusCode()).isEqualTo(200);
        assertThat(json(profile.body()).path("orders"))
                .isEqualTo(json(profileBefore).path("orders"));
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        json(api.get("/health/ready").body()).path("degraded").asBoolean());
        long degradedAt = System.nanoTime();
        HttpResponse<String> ready = api.get("/health/ready");
        assertThat(ready.statusCode()).as("answers are still served").isEqualTo(200);
        assertThat(api.get("/metrics").body()).contains("rapport_view_degraded 1.0");
        assertThat(api.alsoBought(item)).isEqualTo(alsoBoughtBefore);
        LOG.info(
                "broker-restart timing: degraded reported {} ms after the stop; ready said {}",
                millis(stopped, degradedAt),
                ready.body());

        long restartStart = System.nanoTime();
        running.stack().restartBroker();
        long restarted = System.nanoTime();
        LOG.info(
                "broker-restart timing: broker restarted in {} ms (same port and log directory)",
                millis(restartStart, restarted));

        // The client retries what was refused, then sends more; every 202 counts exactly once.
        long firstAccepted = -1;
        for (List<String> batch : refused) {
            postUntilAccepted(batch);
            if (firstAccepted < 0) {
                firstAccepted = System.nanoTime();
            }
            batch.forEach(this::record);
            acknowledged += batch.size();
        }
        for (List<String> batch : batches(random, 100, 25)) {
            assertThat(api.post(batch).statusCode()).isEqualTo(202);
            batch.forEach(this::record);
            acknowledged += batch.size();
        }
        await().atMost(CONVERGE)
                .until(() ->
                        !json(api.get("/health/ready").body()).path("degraded").asBoolean());
        long notDegraded = System.nanoTime();
        api.assertCountsConverge(bought, CONVERGE);
        long converged = System.nanoTime();
        HttpResponse<String> readyAfter = api.get("/health/ready");
        assertThat(readyAfter.statusCode()).isEqualTo(200);
        assertThat(json(readyAfter.body()).path("degraded").asBoolean()).isFalse();
        assertThat(api.get("/metrics").body()).contains("rapport_view_degraded 0.0");
        LOG.info(
                "broker-restart timing: after the restart: first 202 after {} ms, not degraded after {} ms, "
                        + "counts exact after {} ms; {} events acknowledged in all ({} refused with 503 and retried), "
                        + "{} customers, {} items recounted",
                millis(restarted, firstAccepted),
                millis(restarted, notDegraded),
                millis(restarted, converged),
                acknowledged,
                refused.stream().mapToInt(List::size).sum(),
                bought.size(),
                items());
    }

    @Test
    void cancelledJob_isReportedLaggingWhileKafkaIsUp_andResumesExactlyOnce() throws Exception {
        start();
        for (List<String> batch : batches(random, 100, 25)) {
            assertThat(api.post(batch).statusCode()).isEqualTo(202);
            batch.forEach(this::record);
        }
        api.assertCountsConverge(bought, CONVERGE);
        JsonNode before = json(api.get("/health/ready").body());
        assertThat(before.path("lagging").asBoolean()).isFalse();
        assertThat(before.path("streamJobs").path("rapport").path("state").asText())
                .isEqualTo("RUNNING");
        assertThat(before.path("streamDown").asBoolean(true)).isFalse();

        running.stack().cancelJobs();
        long cancelled = System.nanoTime();
        // said at once, before any event waits for the job (the lag cannot say it in a quiet spell)
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() ->
                        json(api.get("/health/ready").body()).path("streamDown").asBoolean());
        assertThat(json(api.get("/health/ready").body())
                        .path("streamJobs")
                        .path("rapport")
                        .path("state")
                        .asText())
                .isEqualTo("CANCELED");
        assertThat(api.get("/metrics").body()).contains("rapport_stream_down 1.0");
        // More than the default threshold (1,000 records) arrives while no job reads it.
        for (List<String> batch : batches(random, 1_200, 400)) {
            assertThat(api.post(batch).statusCode())
                    .as("Kafka is up: events are still accepted")
                    .isEqualTo(202);
            batch.forEach(this::record);
        }
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() ->
                        json(api.get("/health/ready").body()).path("lagging").asBoolean());
        long lagging = System.nanoTime();
        JsonNode ready = json(api.get("/health/ready").body());
        assertThat(ready.path("degraded").asBoolean()).as("Kafka answers").isFalse();
        assertThat(ready.path("jobs").path("copurchase").path("lag").asLong()).isGreaterThanOrEqualTo(1_200);
        assertThat(ready.path("jobs").path("copurchase").path("lagging").asBoolean())
                .isTrue();
        String metrics = api.get("/metrics").body();
        assertThat(metrics)
                .contains("rapport_job_lagging{job=\"copurchase\"} 1.0")
                .contains("rapport_job_lagging{job=\"profiles\"} 1.0");
        LOG.info(
                "job-stop timing: lagging reported {} ms after the cancel; ready said {}",
                millis(cancelled, lagging),
                ready);

        running.stack().restartJobs();
        long resubmitted = System.nanoTime();
        await().atMost(CONVERGE)
                .until(() ->
                        !json(api.get("/health/ready").body()).path("lagging").asBoolean());
        await().atMost(CONVERGE).until(() -> {
            JsonNode again = json(api.get("/health/ready").body());
            return !again.path("streamDown").asBoolean(true)
                    && again.path("streamJobs")
                            .path("rapport")
                            .path("state")
                            .asText()
                            .equals("RUNNING");
        });
        long caughtUp = System.nanoTime();
        api.assertCountsConverge(bought, CONVERGE);
        LOG.info(
                "job-stop timing: after resubmitting the job: not lagging after {} ms, counts exact after {} ms",
                millis(resubmitted, caughtUp),
                millis(resubmitted, System.nanoTime()));
    }

    private void postUntilAccepted(List<String> batch) throws Exception {
        await().atMost(CONVERGE)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> api.post(batch).statusCode() == 202);
    }

    private HttpResponse<String> postUnchecked(List<String> batch) {
        try {
            return api.post(batch);
        } catch (IOException e) {
            throw new IllegalStateException("no answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    private static JsonNode json(String body) throws IOException {
        return Json.mapper().readTree(body);
    }

    private int items() {
        Set<String> all = new TreeSet<>();
        bought.values().forEach(all::addAll);
        return all.size();
    }

    /** {@code events} purchases by 60 customers of 15 items, cut into batches of {@code size}. */
    private List<List<String>> batches(Random random, int events, int size) {
        List<List<String>> batches = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            Set<String> basket = new TreeSet<>();
            int lines = 1 + random.nextInt(3);
            while (basket.size() < lines) {
                basket.add("item " + random.nextInt(15));
            }
            batch.add(purchase("c-" + random.nextInt(60), basket));
            if (batch.size() == size) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    private void record(String purchaseJson) {
        try {
            JsonNode e = json(purchaseJson);
            Set<String> items = bought.computeIfAbsent(e.path("customerId").asText(), k -> new TreeSet<>());
            e.path("items").forEach(i -> items.add(i.path("itemId").asText()));
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private String purchase(String customer, Set<String> items) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", "br-" + (++eventSeq));
        event.put("type", "purchase");
        event.put("customerId", customer);
        event.put("timestamp", Instant.now().toString());
        event.put("orderId", "o-" + eventSeq);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String item : items) {
            Map<String, Object> line = new HashMap<>();
            line.put("itemId", item);
            line.put("category", "test");
            line.put("price", 1.5);
            line.put("quantity", 1);
            lines.add(line);
        }
        event.put("items", lines);
        return new String(Json.encode(event), StandardCharsets.UTF_8);
    }
}
