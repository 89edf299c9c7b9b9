package io.rapport.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.event.Limits;
import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole spine with real components: a KRaft broker, the co-purchase job on a local Flink
 * cluster (parallelism 2) and the API, talking only through Kafka. Every count the API serves is
 * compared with an exact recount of the events the test posted.
 */
class EndToEndIT {
    private static final Logger LOG = LoggerFactory.getLogger(EndToEndIT.class);
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    private final RunningStack running = new RunningStack(2, CONVERGE);
    private final StackClient api = running.client();
    private final Map<String, Set<String>> bought = new TreeMap<>();
    private int eventSeq;

    @AfterEach
    void stop() {
        running.close();
    }

    private void start() {
        running.start(dataDir);
    }

    @Test
    void countsEqualAnExactRecount_throughDuplicatesBadBatchesDeadLettersErasesAndARestart() throws Exception {
        start();
        List<String> purchases = randomPurchases(new Random(7), 40, 12, 90);
        for (int i = 0; i < purchases.size(); i += 25) {
            assertThat(api.post(purchases.subList(i, Math.min(purchases.size(), i + 25)))
                            .statusCode())
                    .isEqualTo(202);
        }
        assertThat(api.post(purchases.subList(0, 30)).statusCode())
                .as("duplicates are accepted")
                .isEqualTo(202);
        api.assertCountsConverge(bought, CONVERGE);
        jobStateIsOnMetrics();

        // A body at the 1 MiB limit, one event padded with an unknown field: a Kafka record of just
        // over 1 MiB, which Kafka's default sizes refused (a 503 that no retry could cure).
        String large = purchase("c-large", "large item");
        String padding = ",\"note\":\"\"}";
        int room = Limits.DEFAULTS.maxBodyBytes() - ("[" + large + "]").length() - padding.length() + 1;
        String atTheLimit =
                large.substring(0, large.length() - 1) + padding.replace("\"\"", "\"" + "x".repeat(room) + "\"");
        assertThat(("[" + atTheLimit + "]").getBytes(StandardCharsets.UTF_8)).hasSize(Limits.DEFAULTS.maxBodyBytes());
        assertThat(api.post(List.of(atTheLimit)).statusCode()).isEqualTo(202);
        record(atTheLimit);
        api.assertCountsConverge(bought, CONVERGE);

        String bad = "{\"eventId\":\"bad-1\",\"type\":\"purchase\",\"timestamp\":\"" + Instant.now() + "\","
                + "\"orderId\":\"o\",\"items\":[{\"itemId\":\"never-counted\",\"price\":1,\"quantity\":1}]}";
        HttpResponse<String> refused = api.post(List.of(purchase("c-new", "never-counted-2"), bad));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("events[1].customerId");
        deadLettersFromKafka_areKeptWithTheirReason_countedOnMetrics_andLoseNothingElse();

        String erased = bought.keySet().iterator().next();
        assertThat(api.send("DELETE", "/v1/customers/" + StackClient.enc(erased))
                        .statusCode())
                .isEqualTo(202);
        bought.remove(erased);
        api.assertCountsConverge(bought, CONVERGE);
        assertThat(api.get("/v1/items/never-counted-2/stats").statusCode()).isEqualTo(404);

        running.close();
        start();
        api.assertCountsConverge(bought, CONVERGE);
        // Duplicates count once, and the erased customer's earlier events stay erased.
        assertThat(api.post(purchases).statusCode())
                .as("replaying everything after a restart")
                .isEqualTo(202);
        // A later purchase by every customer, the erased one included, lands behind the replayed
        // events of the same customer (same key, same partition), so converging on it proves the
        // replay was processed: counted once, and nothing of the erased customer's past came back.
        List<String> sentinels = new ArrayList<>();
        for (String customer : new TreeSet<>(Set.copyOf(bought.keySet()))) {
            sentinels.add(purchase(customer, "sentinel"));
        }
        sentinels.add(purchase(erased, "sentinel"));
        sentinels.forEach(this::record);
        assertThat(api.post(sentinels).statusCode()).isEqualTo(202);
        api.assertCountsConverge(bought, CONVERGE);
    }

    @Test
    void aPurchaseBecomesVisibleInAlsoBoughtWithinASecond() throws Exception {
        start();
        // Events may lie up to a day ahead. The broker refuses records stamped more than an hour
        // ahead of its clock, so a job that copied event time into its output would fail here.
        api.post(List.of(purchaseAt(Instant.now().plus(Duration.ofHours(3)), "future-c", "future-a", "future-b")));
        await().atMost(CONVERGE).until(() -> api.alsoBought("future-a").containsKey("future-b"));
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String a = "fresh-a-" + i;
            String b = "fresh-b-" + i;
            long t0 = System.nanoTime();
            assertThat(api.post(List.of(purchase("fresh-c-" + i, a, b))).statusCode())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> api.alsoBought(a).containsKey(b));
            millis.add((System.nanoTime() - t0) / 1_000_000);
        }
        long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        LOG.info(
                "freshness purchase -> also-bought over {} purchases: p50 {} ms, max {} ms, all {}",
                sorted.length,
                sorted[sorted.length / 2],
                sorted[sorted.length - 1],
                Arrays.toString(sorted));
        assertThat(sorted[sorted.length / 2]).as("median freshness, ms").isLessThan(1000);

        // One 500-item order: every item counts as bought, only the first 200 take part in pairs.
        String[] many = new String[500];
        Arrays.setAll(many, i -> "many-" + i);
        assertThat(api.post(List.of(purchase("many-c", many))).statusCode()).isEqualTo(202);
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode stats =
                    Json.mapper().readTree(api.get("/v1/items/many-499/stats").body());
            assertThat(stats.path("purchases").asLong())
                    .as("the 500th item's buyers")
                    .isEqualTo(1);
        });
        assertThat(api.alsoBought("many-300"))
                .as("bought past the pair cap: no pairs")
                .isEmpty();
        assertThat(api.alsoBought("many-0"))
                .hasSize(100)
                .allSatisfy((item, both) ->
                        assertThat(Integer.parseInt(item.substring(5))).isBetween(1, 199));
    }

    @Test
    void profileFollowsTheJourney_kpisCountOnce_segmentsAddUp_andEraseReachesTheProfile() throws Exception {
        start();
        String c = "journey-1";
        api.post(List.of(event(c, "view", "\"items\":[{\"itemId\":\"tea\",\"category\":\"drinks\"}]")));
        awaitProfile(c, p -> assertThat(p.path("journeyStage").asText()).isEqualTo("browsing"));
        api.post(List.of(event(
                c,
                "add_to_cart",
                "\"items\":[{\"itemId\":\"tea\",\"category\":\"drinks\",\"price\":2.5,\"quantity\":2}]")));
        awaitProfile(c, p -> {
            assertThat(p.path("journeyStage").asText()).isEqualTo("carted");
            assertThat(p.path("cart").path("items").get(0).path("itemId").asText())
                    .isEqualTo("tea");
        });
        String firstOrder = order(c, "o-1", "tea", 2.5, 2);
        api.post(List.of(firstOrder));
        awaitProfile(c, p -> {
            assertThat(p.path("journeyStage").asText()).isEqualTo("first_purchase");
            assertThat(p.path("orders").asInt()).isEqualTo(1);
            assertThat(p.path("cart").path("items")).isEmpty();
        });
        String secondOrder = order(c, "o-2", "cake", 4.0, 1);
        api.post(List.of(secondOrder, secondOrder, firstOrder));
        api.post(List.of(
                event(c, "profile_update", "\"attributes\":{\"birthday\":\"1990-01-31\",\"marketingConsent\":true}")));
        awaitProfile(c, p -> {
            assertThat(p.path("attributes").path("marketingConsent").asBoolean())
                    .isTrue();
            assertThat(p.path("orders").asInt()).as("duplicates count once").isEqualTo(2);
            assertThat(p.path("monetary").asDouble()).isEqualTo(9.0);
            assertThat(p.path("journeyStage").asText()).isEqualTo("repeat");
        });
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode k = Json.mapper().readTree(api.get("/v1/kpis?window=1h").body());
            assertThat(k.path("funnel").path("views").asLong()).isEqualTo(1);
            assertThat(k.path("funnel").path("addToCarts").asLong()).isEqualTo(1);
            assertThat(k.path("funnel").path("purchases").asLong())
                    .as("purchase events, once each")
                    .isEqualTo(2);
            assertThat(k.path("orders").asLong()).isEqualTo(2);
            assertThat(k.path("revenue").asDouble()).isEqualTo(9.0);
        });
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode seg = Json.mapper().readTree(api.get("/v1/segments").body());
            assertThat(seg.path("population").asLong()).isEqualTo(1);
            assertThat(seg.path("inAnySegment").asLong()
                            + seg.path("unsegmented").asLong())
                    .isEqualTo(1);
            long stages = 0;
            for (JsonNode n : seg.path("journeyStages")) {
                stages += n.asLong();
            }
            assertThat(stages).isEqualTo(1);
        });

        assertThat(api.send("DELETE", "/v1/customers/" + c).statusCode()).isEqualTo(202);
        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(api.get("/v1/customers/" + c + "/profile").statusCode()).isEqualTo(404);
            assertThat(Json.mapper()
                            .readTree(api.get("/v1/segments").body())
                            .path("population")
                            .asLong())
                    .isZero();
        });
    }

    private void awaitProfile(String customer, ThrowingConsumer<JsonNode> check) {
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            HttpResponse<String> r = api.get("/v1/customers/" + StackClient.enc(customer) + "/profile");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            check.accept(Json.mapper().readTree(r.body()));
        });
    }

    /** An assertion on a JSON answer. */
    interface ThrowingConsumer<T> {
        void accept(T value) throws Exception;
    }

    /**
     * Bad records written straight to the events topic, as a producer other than the API might (a
     * record without a value and bytes that are not UTF-8 among them: the first stopped every job,
     * the second was counted): each reaches the dead-letter topic with the field and the reason,
     * {@code /metrics} counts them, and the valid records between them count as any other purchase.
     */
    private void deadLettersFromKafka_areKeptWithTheirReason_countedOnMetrics_andLoseNothingElse() throws Exception {
        String valid = purchase("k-direct", "item 1", "from kafka");
        record(valid);
        Map<String, String> fieldByRaw = new LinkedHashMap<>();
        fieldByRaw.put("{not json", "event");
        fieldByRaw.put(
                order("k-bad", "o-k", "never-counted-3", 1.0, 1).replace("\"quantity\":1", "\"quantity\":0"),
                "items[0].quantity");
        fieldByRaw.put(order("k-bad", "o-k2", "never-counted-4", -2.0, 1), "items[0].price");
        byte[] notUtf8 = order("k-bad", "o-k3", "never-counted-5x", 1.0, 1).getBytes(StandardCharsets.UTF_8);
        notUtf8[new String(notUtf8, StandardCharsets.UTF_8).indexOf("5x") + 1] = (byte) 0xff;
        fieldByRaw.put(new String(notUtf8, StandardCharsets.UTF_8), "event");
        fieldByRaw.put("", "event"); // the record without a value
        String validAfter = purchase("k-direct-2", "item 2", "from kafka after the bad ones");
        record(validAfter);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, running.stack().bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            List<String> raws = new ArrayList<>(fieldByRaw.keySet());
            producer.send(new ProducerRecord<>(Topics.EVENTS, "k-bad", utf8(raws.get(0))))
                    .get();
            producer.send(new ProducerRecord<>(Topics.EVENTS, "k-direct", utf8(valid)))
                    .get();
            producer.send(new ProducerRecord<>(Topics.EVENTS, "k-bad", utf8(raws.get(1))))
                    .get();
            producer.send(new ProducerRecord<>(Topics.EVENTS, "k-bad", utf8(raws.get(2))))
                    .get();
            producer.send(new ProducerRecord<>(Topics.EVENTS, "k-bad", notUtf8)).get();
            producer.send(new ProducerRecord<>(Topics.EVENTS, "k-bad", (byte[]) null))
                    .get();
            producer.send(new ProducerRecord<>(Topics.EVENTS, "k-direct-2", utf8(validAfter)))
                    .get();
        }

        await().atMost(CONVERGE)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () -> assertThat(api.get("/metrics").body()).contains("\nrapport_events_dead_letters 5.0\n"));
        Map<String, String> fieldsFound = new LinkedHashMap<>();
        Properties consumerProps = new Properties();
        consumerProps.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, running.stack().bootstrapServers());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEAD_LETTERS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + CONVERGE.toNanos();
            while (fieldsFound.size() < fieldByRaw.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode letter = Json.mapper().readTree(r.value());
                    fieldsFound.put(
                            letter.path("raw").asText(), letter.path("field").asText());
                    assertThat(letter.path("reason").asText())
                            .startsWith(letter.path("field").asText() + ": ");
                    if (letter.path("raw").asText().isEmpty()) {
                        assertThat(r.key())
                                .as("the record without a value keeps its key")
                                .isEqualTo("k-bad");
                    }
                }
            }
        }
        assertThat(fieldsFound).isEqualTo(fieldByRaw);

        // a bad record resent as it was, then a new one behind it on the same partition: one more letter
        String resent = new ArrayList<>(fieldByRaw.keySet()).get(2);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.EVENTS, "k-bad", utf8(resent)))
                    .get();
            producer.send(new ProducerRecord<>(
                            Topics.EVENTS, "k-bad", utf8(order("k-bad", "o-k4", "never-counted-6", -3.0, 1))))
                    .get();
        }
        await().atMost(CONVERGE)
                .during(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () -> assertThat(api.get("/metrics").body()).contains("\nrapport_events_dead_letters 6.0\n"));
        api.assertCountsConverge(bought, CONVERGE);
        assertThat(api.get("/v1/items/never-counted-3/stats").statusCode()).isEqualTo(404);
        assertThat(api.get("/v1/items/never-counted-5%EF%BF%BD/stats").statusCode())
                .isEqualTo(404);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String event(String customer, String type, String fields) {
        return "{\"eventId\":\"it-" + (++eventSeq) + "\",\"type\":\"" + type + "\",\"customerId\":\"" + customer
                + "\",\"timestamp\":\"" + Instant.now() + "\"," + fields + "}";
    }

    private String order(String customer, String orderId, String item, double price, int quantity) {
        return event(
                customer,
                "purchase",
                "\"orderId\":\"" + orderId + "\",\"items\":[{\"itemId\":\"" + item
                        + "\",\"category\":\"food\",\"price\":" + price + ",\"quantity\":" + quantity + "}]");
    }

    private List<String> randomPurchases(Random random, int customers, int items, int orders) {
        List<String> events = new ArrayList<>();
        for (int o = 0; o < orders; o++) {
            String customer = "c-" + random.nextInt(customers);
            Set<String> basket = new TreeSet<>();
            int size = 1 + random.nextInt(4);
            while (basket.size() < size) {
                basket.add("item " + random.nextInt(items));
            }
            events.add(purchase(customer, basket.toArray(String[]::new)));
        }
        events.forEach(this::record);
        return events;
    }

    /**
     * The Flink job's state and checkpoint figures reach {@code /metrics} through the reporter the
     * local cluster runs ({@link FlinkJobMetrics}): the counts just converged live in that state.
     */
    private void jobStateIsOnMetrics() throws IOException, InterruptedException {
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String metrics = api.get("/metrics").body();
            assertThat(metric(metrics, "rapport_flink_state_size_bytes")).isGreaterThan(10_000);
            assertThat(metric(metrics, "rapport_flink_checkpoints_completed_total"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(metric(metrics, "rapport_flink_checkpoint_age_seconds")).isBetween(0.0, 30.0);
        });
        everyMetricTheShippedAlertsName_isOnMetrics();
        checkpointsFollowTheWork_andStopWhileTheJobIsIdle();
    }

    /**
     * The alerting rules deploy ships ({@code deploy/compose/prometheus/rapport-alerts.yml}; promtool checks
     * them in deploy's {@code PrometheusRulesTest}) name only metrics this stack exposes: a misspelt
     * name would make an alert that never fires.
     */
    private void everyMetricTheShippedAlertsName_isOnMetrics() throws IOException, InterruptedException {
        String rules = java.nio.file.Files.readString(
                        Path.of("..", "deploy", "compose", "prometheus", "rapport-alerts.yml"), StandardCharsets.UTF_8)
                .replaceAll("(?m)^\\s*#.*$", ""); // comments name metric families (rapport_flink_*)
        Set<String> named = new TreeSet<>();
        Pattern.compile("rapport_[a-z0-9_]+").matcher(rules).results().forEach(m -> named.add(m.group()));
        Set<String> exposed = new TreeSet<>();
        Pattern.compile("(?m)^(rapport_[a-z0-9_]+)[{ ]")
                .matcher(api.get("/metrics").body())
                .results()
                .forEach(m -> exposed.add(m.group(1)));
        assertThat(named)
                .contains("rapport_stream_down", "rapport_job_lagging", "rapport_flink_checkpoints_failed_total")
                .isSubsetOf(exposed);
    }

    /**
     * {@link CheckpointPacer}: once the job has nothing to do, no checkpoint is taken for longer than
     * two of the shortest pauses (at the former fixed 5 s interval there were two or three); an event
     * makes one due.
     */
    private void checkpointsFollowTheWork_andStopWhileTheJobIsIdle() throws IOException, InterruptedException {
        Duration idle = CheckpointPacer.MIN_PAUSE.multipliedBy(2).plusSeconds(2);
        double[] completed = new double[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ZERO).until(() -> {
            double before = completedCheckpoints();
            Thread.sleep(idle.toMillis());
            completed[0] = completedCheckpoints();
            return completed[0] == before;
        });

        String event = purchase("c-checkpoint", "after the idle spell");
        assertThat(api.post(List.of(event)).statusCode()).isEqualTo(202);
        record(event);

        await().atMost(CheckpointPacer.MAX_PAUSE.plusSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> completedCheckpoints() > completed[0]);
    }

    private double completedCheckpoints() throws IOException, InterruptedException {
        return metric(api.get("/metrics").body(), "rapport_flink_checkpoints_completed_total");
    }

    /** The value of the {@code job="rapport"} series of {@code name}, NaN when there is none. */
    private static double metric(String exposition, String name) {
        Matcher m =
                Pattern.compile("(?m)^" + name + "\\{job=\"rapport\"} (\\S+)$").matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private void record(String purchaseJson) {
        try {
            JsonNode e = Json.mapper().readTree(purchaseJson);
            Set<String> items = bought.computeIfAbsent(e.path("customerId").asText(), k -> new TreeSet<>());
            e.path("items").forEach(i -> items.add(i.path("itemId").asText()));
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private String purchase(String customer, String... items) {
        return purchaseAt(Instant.now(), customer, items);
    }

    private String purchaseAt(Instant timestamp, String customer, String... items) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", "it-" + (++eventSeq));
        event.put("type", "purchase");
        event.put("customerId", customer);
        event.put("timestamp", timestamp.toString());
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
