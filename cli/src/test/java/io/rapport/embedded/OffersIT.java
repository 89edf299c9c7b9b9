package io.rapport.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.jobs.offer.MarketingTriggersFunction;
import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole offers path on the real stack (KRaft broker, every job on a local Flink cluster at
 * parallelism 2, the API): a catalogue is PUT, customers are built from events, and
 * next-best-actions must respect eligibility, consent, segments and holdout; offer impressions make
 * the contact caps bite, redemptions reorder the offers, and an abandoned cart makes the marketing
 * triggers job write exactly one action to the {@code actions} topic — and none for a customer
 * without marketing consent.
 *
 * <p>Event time: the cart of the trigger customers is stamped 40 minutes in the past and "tick"
 * events of other customers, stamped now and again a minute later (a check a late event sets behind
 * the watermark waits a minute of event time), move the watermark of every partition past its check
 * (the offer jobs mark a quiet partition idle after 5 s, so ticks on both are not even required).
 */
class OffersIT {
    private static final Logger LOG = LoggerFactory.getLogger(OffersIT.class);
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    private final RunningStack running = new RunningStack(2, CONVERGE);
    private final StackClient api = running.client();
    private int eventSeq;

    @AfterEach
    void stop() {
        running.close();
    }

    @Test
    void offersRespectEligibilityConsentCapsAndHoldout_learnFromRedemptions_andAbandonedCartsFireOneAction()
            throws Exception {
        running.start(dataDir);
        HttpResponse<String> put = api.send("PUT", "/v1/offers", catalogue());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(Json.mapper().readTree(api.get("/v1/offers").body())).hasSize(10);

        // An unknown customer: only always-on offers that need no consent and name no segment.
        assertThat(offerIds(nba("nobody"))).containsExactlyInAnyOrder("tip-a", "tip-b");

        // A consenting customer with a cart changed 5 minutes ago, and one without consent.
        Instant now = Instant.now();
        post(
                event("nba-yes", "profile_update", now.minusSeconds(360), "\"attributes\":{\"marketingConsent\":true}"),
                cartAdd("nba-yes", now.minusSeconds(300)),
                cartAdd("nba-no", now.minusSeconds(300)));
        awaitActions("nba-yes", ids -> ids.containsAll(List.of("promo", "carted-promo", "cart-reminder")));
        JsonNode yes = nbaAll("nba-yes");
        assertThat(offerIds(yes))
                .as("eligible and consented; in segment 'carted', not 'loyal'; never held out")
                .containsExactlyInAnyOrder("promo", "carted-promo", "cart-reminder", "tip-a", "tip-b");
        assertThat(reason(yes, "cart-reminder"))
                .matches("You left 1 item in your cart \\d+ minutes ago: Offer cart-reminder");
        yes.path("actions")
                .forEach(a -> assertThat(a.path("holdout").asBoolean()).isFalse());
        assertThat(nba("nba-yes").path("actions")).as("limit=3").hasSize(3);
        assertThat(offerIds(nba("nba-yes", "email")))
                .as("the offers on email")
                .containsExactlyInAnyOrder("promo", "cart-reminder", "carted-reminder");
        await().atMost(CONVERGE)
                .until(() -> Json.mapper()
                        .readTree(api.get("/v1/customers/nba-no/profile").body())
                        .path("journeyStage")
                        .asText()
                        .equals("carted"));
        assertThat(offerIds(nbaAll("nba-no")))
                .as("no consent: service offers only")
                .containsExactlyInAnyOrder("tip-a", "tip-b");
        // The 100 % holdout offer is left out and its customers are counted as its control group.
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode k = Json.mapper().readTree(api.get("/v1/kpis?window=1h").body());
            assertThat(k.path("offers")
                            .path("held-tip")
                            .path("holdout")
                            .path("customers")
                            .asLong())
                    .as("customers held out of held-tip: nobody, nba-yes, nba-no")
                    .isEqualTo(3);
        });

        // Contact caps: 3 marketing impressions today block every marketing offer; service stays.
        long t0 = System.nanoTime();
        post(
                impression("nba-yes", "promo", now),
                impression("nba-yes", "carted-promo", now),
                impression("nba-yes", "promo", now.plusMillis(1)));
        awaitActions("nba-yes", ids -> !ids.contains("promo"));
        long capMillis = (System.nanoTime() - t0) / 1_000_000;
        LOG.info("contact cap: 3 impressions posted -> marketing blocked in next-best-actions after {} ms", capMillis);
        assertThat(offerIds(nbaAll("nba-yes")))
                .as("capped: only service offers")
                .containsExactlyInAnyOrder("tip-a", "tip-b");
        assertThat(capMillis).as("caps bite within seconds").isLessThan(10_000);
        // The API put nba-yes's segments on the impressions; the offer stats count them per segment.
        List<JsonNode> stats = awaitRecords(
                Topics.OFFER_STATS,
                rs -> latest(rs, "promo") != null
                        && latest(rs, "promo").path("impressions").asLong() == 2);
        assertThat(latest(stats, "promo")
                        .path("bySegment")
                        .path("carted")
                        .path("impressions")
                        .asLong())
                .as("promo impressions by carted customers")
                .isEqualTo(2);

        // Propensity: tip-a and tip-b start equal (the Beta(1, 19) prior); tip-b's redemptions
        // (and clicks, which do not count) by other customers make it the better offer.
        assertThat(score(nbaAll("nba-no"), "tip-a"))
                .isEqualTo(score(nbaAll("nba-no"), "tip-b"))
                .isEqualTo(0.05);
        List<String> responses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            responses.add(impression("fan-" + i, "tip-b", now));
            responses.add(event("fan-" + i, "offer_click", now.plusMillis(1), "\"offerId\":\"tip-b\""));
            responses.add(event("fan-" + i, "offer_redeem", now.plusMillis(2), "\"offerId\":\"tip-b\""));
        }
        responses.add(impression("fan-0", "tip-a", now));
        post(responses.toArray(String[]::new));
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode answer = nbaAll("nba-no");
            assertThat(score(answer, "tip-b")).as("(1 + 4) / (20 + 4)").isEqualTo(0.208333);
            assertThat(score(answer, "tip-a")).as("1 / (20 + 1)").isEqualTo(0.047619);
        });
        int tipBFirst = 0;
        for (int i = 0; i < 20; i++) {
            List<String> ids = offerIds(nbaAll("nba-no"));
            tipBFirst += ids.indexOf("tip-b") < ids.indexOf("tip-a") ? 1 : 0;
        }
        // Both are still cold (< 100 impressions): 10 % of answers explore one of them at random.
        assertThat(tipBFirst).as("answers of 20 ranking tip-b above tip-a").isGreaterThanOrEqualTo(14);

        // Erase: fan-0's impressions and redemption leave the offer stats.
        assertThat(api.send("DELETE", "/v1/customers/fan-0").statusCode()).isEqualTo(202);
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode answer = nbaAll("nba-no");
            assertThat(score(answer, "tip-b")).as("(1 + 3) / (20 + 3)").isEqualTo(0.173913);
            assertThat(score(answer, "tip-a"))
                    .as("no impression left: the prior")
                    .isEqualTo(0.05);
        });

        // Marketing trigger: an abandoned cart 40 minutes old fires one reminder, for consent only, and
        // none once the purchase that bought it arrives, though after the add.
        Instant past = now.minus(Duration.ofMinutes(40));
        post(
                event("trg-yes", "profile_update", past.minusSeconds(60), "\"attributes\":{\"marketingConsent\":true}"),
                event("trg-no", "profile_update", past.minusSeconds(60), "\"attributes\":{\"marketingConsent\":false}"),
                event(
                        "trg-bought",
                        "profile_update",
                        past.minusSeconds(60),
                        "\"attributes\":{\"marketingConsent\":true}"),
                cartAdd("trg-yes", past),
                cartAdd("trg-no", past),
                cartAdd("trg-bought", past));
        long t1 = System.nanoTime();
        tick(Instant.now());
        // An offline queue's next request: the purchase, 5 minutes after the add, that bought the cart.
        post(event(
                "trg-bought",
                "purchase",
                past.plusSeconds(300),
                "\"orderId\":\"o-trg-bought\",\"items\":[{\"itemId\":\"tea\",\"category\":\"drinks\","
                        + "\"price\":2.5,\"quantity\":1}]"));
        // The check (add + 30 minutes) is behind the watermark, so it waits a minute of event time for
        // the rest of a late burst; event time goes no further than the clock: tick once it has passed.
        Thread.sleep(MarketingTriggersFunction.LATE_CHECK_GRACE_MILLIS + 2_000);
        tick(Instant.now());
        List<JsonNode> fired = awaitRecords(Topics.ACTIONS, rs -> rs.stream().anyMatch(a -> isFor(a, "trg-yes")));
        LOG.info(
                "abandoned cart: ticks posted -> action on the actions topic after {} ms",
                (System.nanoTime() - t1) / 1_000_000);
        // Move event time on again and give the job time to write anything it would write twice.
        tick(Instant.now().plusSeconds(30));
        Thread.sleep(5_000);
        fired = awaitRecords(Topics.ACTIONS, rs -> true);
        List<JsonNode> forYes = fired.stream().filter(a -> isFor(a, "trg-yes")).toList();
        assertThat(forYes)
                .as("actions for trg-yes: %s", forYes)
                .extracting(a -> a.path("offerId").asText())
                .as("one per offer; the 'carted' one too (the stream knows the journey stage), not the 'loyal' one")
                .containsExactlyInAnyOrder("cart-reminder", "carted-reminder");
        JsonNode action = forYes.stream()
                .filter(a -> a.path("offerId").asText().equals("cart-reminder"))
                .findFirst()
                .orElseThrow();
        assertThat(action.path("offerId").asText()).isEqualTo("cart-reminder");
        assertThat(action.path("trigger").asText()).isEqualTo("abandoned_cart");
        assertThat(action.path("occurrence").asText()).isEqualTo("cart@" + past.toEpochMilli());
        assertThat(action.path("reason").asText()).startsWith("You left 1 item in your cart");
        assertThat(fired)
                .as("no action for a customer without marketing consent")
                .noneMatch(a -> a.path("customerId").asText().equals("trg-no"));
        assertThat(fired)
                .as("none for a cart whose purchase came a request after its late add")
                .noneMatch(a -> a.path("customerId").asText().equals("trg-bought"));
    }

    private JsonNode nba(String customer) throws Exception {
        return nba(customer, "app");
    }

    private JsonNode nba(String customer, String channel) throws Exception {
        HttpResponse<String> r = api.get("/v1/customers/" + customer + "/next-best-actions?limit="
                + ("app".equals(channel) ? 3 : 100) + "&channel=" + channel);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }

    private JsonNode nbaAll(String customer) throws Exception {
        HttpResponse<String> r = api.get("/v1/customers/" + customer + "/next-best-actions?limit=100&channel=app");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }

    private void awaitActions(String customer, Predicate<List<String>> check) {
        await().atMost(CONVERGE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> check.test(offerIds(nbaAll(customer))));
    }

    private static List<String> offerIds(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.path("actions").forEach(a -> ids.add(a.path("offerId").asText()));
        return ids;
    }

    private static JsonNode action(JsonNode answer, String offerId) {
        for (JsonNode a : answer.path("actions")) {
            if (a.path("offerId").asText().equals(offerId)) {
                return a;
            }
        }
        throw new AssertionError(offerId + " is not in " + answer);
    }

    private static String reason(JsonNode answer, String offerId) {
        return action(answer, offerId).path("reason").asText();
    }

    private static double score(JsonNode answer, String offerId) {
        return action(answer, offerId).path("score").asDouble();
    }

    /** The latest of the records whose {@code offerId} is {@code offerId}, or null. */
    private static JsonNode latest(List<JsonNode> records, String offerId) {
        JsonNode found = null;
        for (JsonNode r : records) {
            if (r.path("offerId").asText().equals(offerId)) {
                found = r;
            }
        }
        return found;
    }

    private static boolean isFor(JsonNode action, String customer) {
        return action.path("customerId").asText().equals(customer);
    }

    /** Every record of {@code topic} so far, polled until {@code done} holds. */
    private List<JsonNode> awaitRecords(String topic, Predicate<List<JsonNode>> done) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, running.stack().bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<JsonNode> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + CONVERGE.toNanos();
            while (true) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null) {
                        records.add(Json.mapper().readTree(r.value()));
                    }
                }
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                boolean caughtUp = partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
                if (caughtUp && done.test(records)) {
                    return records;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no matching record on " + topic + " within " + CONVERGE + ": " + records);
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Views of 20 other customers at {@code at}: they land on every partition and move event time. */
    private void tick(Instant at) throws Exception {
        List<String> ticks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ticks.add(event("tick-" + i, "view", at, "\"items\":[{\"itemId\":\"tick\",\"category\":\"ticks\"}]"));
        }
        post(ticks.toArray(String[]::new));
    }

    private void post(String... events) throws Exception {
        HttpResponse<String> r = api.post(List.of(events));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    private String event(String customer, String type, Instant at, String fields) {
        return "{\"eventId\":\"offers-it-" + (++eventSeq) + "\",\"type\":\"" + type + "\",\"customerId\":\"" + customer
                + "\",\"timestamp\":\"" + at + "\"," + fields + "}";
    }

    private String impression(String customer, String offerId, Instant at) {
        return event(customer, "offer_impression", at, "\"channel\":\"app\",\"offerId\":\"" + offerId + "\"");
    }

    private String cartAdd(String customer, Instant at) {
        return event(
                customer,
                "add_to_cart",
                at,
                "\"items\":[{\"itemId\":\"tea\",\"category\":\"drinks\",\"price\":2.5,\"quantity\":1}]");
    }

    /**
     * Two service tips of equal value (arbitration), a 100 % holdout tip, an always-on marketing
     * promo (also on email), two segment-restricted promos, an abandoned-cart reminder after 1
     * minute and two segment-restricted ones on email, and an expired offer.
     */
    private static String catalogue() {
        String valid = "\"validFrom\":\"2020-01-01T00:00:00Z\",\"validTo\":\"2099-01-01T00:00:00Z\"";
        return "["
                + offer("tip-a", "always", "service", "[\"app\"]", "[]", 1, 0, valid) + ","
                + offer("tip-b", "always", "service", "[\"app\"]", "[]", 1, 0, valid) + ","
                + offer("held-tip", "always", "service", "[\"app\"]", "[]", 1, 100, valid) + ","
                + offer("promo", "always", "marketing", "[\"app\",\"email\"]", "[]", 10, 0, valid) + ","
                + offer("carted-promo", "always", "marketing", "[\"app\"]", "[\"carted\"]", 8, 0, valid) + ","
                + offer("loyal-promo", "always", "marketing", "[\"app\"]", "[\"loyal\"]", 9, 0, valid) + ","
                + offer(
                        "cart-reminder",
                        "abandoned_cart",
                        "marketing",
                        "[\"app\",\"email\"]",
                        "[]",
                        6,
                        0,
                        valid + ",\"abandonAfterMinutes\":1")
                + ","
                + offer(
                        "carted-reminder",
                        "abandoned_cart",
                        "marketing",
                        "[\"email\"]",
                        "[\"carted\"]",
                        5,
                        0,
                        valid + ",\"abandonAfterMinutes\":1")
                + ","
                + offer(
                        "loyal-reminder",
                        "abandoned_cart",
                        "marketing",
                        "[\"email\"]",
                        "[\"loyal\"]",
                        5,
                        0,
                        valid + ",\"abandonAfterMinutes\":1")
                + ","
                + offer(
                        "expired",
                        "always",
                        "service",
                        "[\"app\"]",
                        "[]",
                        100,
                        0,
                        "\"validFrom\":\"2020-01-01T00:00:00Z\",\"validTo\":\"2021-01-01T00:00:00Z\"")
                + "]";
    }

    private static String offer(
            String id,
            String trigger,
            String contactClass,
            String channels,
            String segments,
            double value,
            int holdoutPercent,
            String more) {
        return "{\"offerId\":\"" + id + "\",\"title\":\"Offer " + id + "\",\"action\":\"" + id + "\",\"trigger\":\""
                + trigger + "\",\"channels\":" + channels + ",\"contactClass\":\"" + contactClass + "\",\"segments\":"
                + segments + ",\"value\":" + value + ",\"weight\":1.0,\"holdoutPercent\":" + holdoutPercent + ","
                + more + "}";
    }
}
