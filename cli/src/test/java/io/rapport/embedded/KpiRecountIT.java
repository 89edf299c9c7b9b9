package io.rapport.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.kafka.Json;
import io.rapport.kpi.Uplift;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/kpis} on the real stack (KRaft broker, the jobs on a local Flink cluster at
 * parallelism 2, the API) against a recount of the events the test posted, made here from the
 * events themselves with the definitions of PRODUCT.md and {@code io.rapport.kpi}: every field of
 * the 1h, 24h, 7d and 30d windows, including the retention, which for 7d and 30d reads hour and day
 * panes (purchases 30 hours, 9 days and 40 days old).
 *
 * <p>About 1,300 generated events of every type the KPIs count — views, cart changes, searches,
 * purchases (one order resent under a second eventId, counted once), offer impressions, clicks and redemptions with
 * holdout impressions, recommendation impressions and clicks with a {@code recommendationId},
 * feedback — each customer's in time order (as Kafka keeps them), then 60 of them again (same
 * eventIds, counted once); then three customers erased, after which every window equals the recount
 * without them. The only figure taken from production code is the width of the uplift
 * interval, {@link Uplift#newcombe} applied to the recounted groups (its formula is unit-tested).
 */
class KpiRecountIT {
    private static final Logger LOG = LoggerFactory.getLogger(KpiRecountIT.class);
    private static final Duration CONVERGE = Duration.ofSeconds(90);
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final String[] OFFERS = {"o-coffee", "o-cake", "o-tea"};

    @TempDir
    Path dataDir;

    private final RunningStack running = new RunningStack(2, CONVERGE);
    private final StackClient api = running.client();

    @AfterEach
    void stop() {
        running.close();
    }

    /** A generated event: what the recount reads, and the JSON the test posts. */
    record Ev(
            String eventId,
            String type,
            String customer,
            long at,
            String offerId,
            boolean holdout,
            String recommendationId,
            String itemId,
            Integer rating,
            String orderId,
            List<Line> lines) {
        String json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("eventId", eventId);
            m.put("type", type);
            m.put("customerId", customer);
            m.put("timestamp", Instant.ofEpochMilli(at).toString());
            if (offerId != null) {
                m.put("offerId", offerId);
            }
            if (holdout) {
                m.put("holdout", true);
            }
            if (recommendationId != null) {
                m.put("recommendationId", recommendationId);
            }
            if (itemId != null) {
                m.put("itemId", itemId);
            }
            if (rating != null) {
                m.put("rating", rating);
            }
            if (orderId != null) {
                m.put("orderId", orderId);
            }
            if (type.equals("search")) {
                m.put("query", "coffee beans");
            }
            if (lines != null) {
                List<Map<String, Object>> items = new ArrayList<>();
                for (Line l : lines) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("itemId", l.itemId);
                    item.put("category", "grocery");
                    if (l.price != null) {
                        item.put("price", new BigDecimal(l.price));
                        item.put("quantity", l.quantity);
                    }
                    items.add(item);
                }
                m.put("items", items);
            }
            return new String(Json.encode(m), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** A purchase line (price as a decimal string, so the recount is exact), or an item of a view or cart. */
    record Line(String itemId, String price, int quantity) {
        long micros() {
            return new BigDecimal(price)
                    .multiply(BigDecimal.valueOf(quantity))
                    .movePointRight(6)
                    .longValueExact();
        }
    }

    /** The generated history; its newest event is a view at {@code end − 1 min}, so the KPI clock is {@code end}. */
    static List<Ev> history(long end, Random random) {
        List<Ev> events = new ArrayList<>();
        int[] seq = {0};
        for (int c = 0; c < 60; c++) {
            String customer = "k-" + c;
            List<Ev> mine = new ArrayList<>();
            // earlier purchases: in the previous period of the 1h, 24h, 7d and 30d windows
            long[] earlier = {end - 40 * DAY - 3 * HOUR, end - 9 * DAY, end - 30 * HOUR, end - 90 * MINUTE};
            for (int k = 0; k < earlier.length; k++) {
                if ((c + k) % (k + 2) == 0) {
                    mine.add(purchase(seq, customer, earlier[k] + random.nextInt(20) * MINUTE, random));
                }
            }
            // the last hour
            long t = end - 55 * MINUTE + random.nextInt(5) * MINUTE;
            int steps = 12 + random.nextInt(14);
            boolean heldOut = c % 3 == 0;
            for (int s = 0;
                    s < steps && t < end - 2 * MINUTE;
                    s++, t += (1 + random.nextInt(2)) * MINUTE + random.nextInt(50_000)) {
                String offer = OFFERS[random.nextInt(OFFERS.length)];
                String item = "i-" + random.nextInt(8);
                int kind = random.nextInt(20); // weighted like a funnel: views most, purchases few
                Ev e = switch (kind) {
                    case 0, 1, 2, 3, 4, 5, 6 ->
                        ev(
                                seq,
                                "view",
                                customer,
                                t,
                                null,
                                false,
                                null,
                                null,
                                null,
                                null,
                                List.of(new Line(item, null, 0)));
                    case 7, 8 ->
                        ev(
                                seq,
                                random.nextBoolean() ? "add_to_cart" : "remove_from_cart",
                                customer,
                                t,
                                null,
                                false,
                                null,
                                null,
                                null,
                                null,
                                List.of(new Line(item, "2.50", 1)));
                    case 9 -> ev(seq, "search", customer, t, null, false, null, null, null, null, null);
                    case 10, 11, 12 ->
                        ev(
                                seq,
                                "offer_impression",
                                customer,
                                t,
                                offer,
                                heldOut && offer.equals("o-tea"),
                                null,
                                null,
                                null,
                                null,
                                null);
                    case 13 -> ev(seq, "offer_click", customer, t, offer, false, null, null, null, null, null);
                    case 14 -> ev(seq, "offer_redeem", customer, t, offer, false, null, null, null, null, null);
                    case 15, 16 ->
                        ev(
                                seq,
                                "offer_impression",
                                customer,
                                t,
                                "also-bought",
                                false,
                                "r-" + c,
                                null,
                                null,
                                null,
                                null);
                    case 17 ->
                        ev(seq, "offer_click", customer, t, "also-bought", false, "r-" + c, item, null, null, null);
                    case 18 ->
                        ev(seq, "feedback", customer, t, null, false, null, null, 1 + random.nextInt(5), null, null);
                    default -> purchase(seq, customer, t, random);
                };
                mine.add(e);
                if (kind == 17 && random.nextBoolean()) { // a purchase of the clicked item soon after
                    t += MINUTE;
                    mine.add(ev(
                            seq,
                            "purchase",
                            customer,
                            t,
                            null,
                            false,
                            null,
                            null,
                            null,
                            "ord-" + seq[0],
                            List.of(new Line(item, "3.75", 2))));
                }
            }
            if (c % 10 == 0) { // one order sent twice, under a new eventId with another line: counts once
                Ev first = purchase(seq, customer, end - 4 * MINUTE, random);
                mine.add(first);
                mine.add(ev(
                        seq,
                        "purchase",
                        customer,
                        end - 3 * MINUTE,
                        null,
                        false,
                        null,
                        null,
                        null,
                        first.orderId(),
                        List.of(new Line("i-9", "0.25", 4))));
            }
            events.addAll(mine);
        }
        for (int c = 0; c < 5; c++) { // buyers of the 30d window's previous period only: they do not return
            events.add(purchase(seq, "k-gone-" + c, end - 45 * DAY + c * HOUR, random));
        }
        events.sort(Comparator.comparingLong(Ev::at)); // stable: each customer's events stay in order
        events.add(ev(
                seq,
                "view",
                "k-clock",
                end - MINUTE,
                null,
                false,
                null,
                null,
                null,
                null,
                List.of(new Line("i-0", null, 0))));
        return events;
    }

    private static Ev purchase(int[] seq, String customer, long at, Random random) {
        List<Line> lines = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            lines.add(new Line(
                    "i-" + random.nextInt(8),
                    (1 + random.nextInt(40)) * 25 / 100 + "."
                            + String.format("%02d", (1 + random.nextInt(40)) * 25 % 100),
                    1 + random.nextInt(3)));
        }
        return ev(seq, "purchase", customer, at, null, false, null, null, null, "ord-" + seq[0], lines);
    }

    private static Ev ev(
            int[] seq,
            String type,
            String customer,
            long at,
            String offerId,
            boolean holdout,
            String recommendationId,
            String itemId,
            Integer rating,
            String orderId,
            List<Line> lines) {
        return new Ev(
                "kr-" + seq[0]++,
                type,
                customer,
                at,
                offerId,
                holdout,
                recommendationId,
                itemId,
                rating,
                orderId,
                lines);
    }

    /**
     * The KPIs of {@code [from, to)} recounted from the distinct events, each customer's in order, as
     * a JSON tree of the {@code /v1/kpis} shape.
     */
    static JsonNode recount(String window, long from, long to, List<Ev> all) {
        Map<String, Ev> distinct = new LinkedHashMap<>();
        all.forEach(e -> distinct.putIfAbsent(e.eventId(), e));
        Map<String, List<Ev>> byCustomer = new LinkedHashMap<>();
        distinct.values()
                .forEach(e -> byCustomer
                        .computeIfAbsent(e.customer(), c -> new ArrayList<>())
                        .add(e));
        for (List<Ev> history : byCustomer.values()) { // an erase takes back everything before it but itself
            history.stream()
                    .filter(e -> e.type().equals("erase"))
                    .mapToLong(Ev::at)
                    .max()
                    .ifPresent(erased ->
                            history.removeIf(e -> e.at() <= erased && !e.type().equals("erase")));
        }

        Map<String, Long> events = new TreeMap<>();
        long views = 0,
                carts = 0,
                purchases = 0,
                orders = 0,
                revenue = 0,
                recImpressions = 0,
                recClicks = 0,
                attributed = 0,
                feedback = 0,
                ratingSum = 0;
        Map<String, long[]> offers =
                new TreeMap<>(); // impressions, clicks, redemptions, treated, treatedConv, holdout, holdoutConv
        Set<String> previousBuyers = new HashSet<>();
        Set<String> currentBuyers = new HashSet<>();
        for (List<Ev> history : byCustomer.values()) {
            Set<String> seenOrders = new HashSet<>();
            Map<String, long[]> exposures = new HashMap<>(); // offer -> firstAt, holdout, converted
            Map<String, Long> clicks = new HashMap<>();
            for (Ev e : history) {
                if (e.type().equals("purchase") && e.orderId() != null && !seenOrders.add(e.orderId())) {
                    continue; // a purchase is one whole order: the same orderId again is that order resent
                }
                boolean in = e.at() >= from && e.at() < to;
                if (e.type().equals("purchase")) {
                    if (e.at() >= from - (to - from) && e.at() < from) {
                        previousBuyers.add(e.customer());
                    }
                    if (in) {
                        currentBuyers.add(e.customer());
                    }
                }
                // conversions are credited to the window of the first exposure, whenever the purchase
                if (e.type().equals("purchase")) {
                    for (Map.Entry<String, long[]> x : exposures.entrySet()) {
                        long[] xs = x.getValue();
                        if (xs[2] == 0 && e.at() >= xs[0] && e.at() - xs[0] < 7 * DAY) {
                            xs[2] = 1;
                            if (xs[0] >= from && xs[0] < to) {
                                offers.get(x.getKey())[xs[1] == 1 ? 6 : 4]++;
                            }
                        }
                    }
                }
                boolean rec = e.recommendationId() != null;
                if (e.type().equals("offer_impression") && !rec && !exposures.containsKey(e.offerId())) {
                    exposures.put(e.offerId(), new long[] {e.at(), e.holdout() ? 1 : 0, 0});
                    if (in) {
                        offer(offers, e.offerId())[e.holdout() ? 5 : 3]++;
                    }
                }
                if (e.type().equals("offer_click") && rec && e.itemId() != null) {
                    clicks.merge(e.itemId(), e.at(), Math::max);
                }
                if (!in) {
                    continue;
                }
                if (!(e.holdout() && e.type().equals("offer_impression"))) { // a holdout marker is no customer event
                    events.merge(e.type(), 1L, Long::sum);
                }
                switch (e.type()) {
                    case "view" -> views++;
                    case "add_to_cart" -> carts++;
                    case "feedback" -> {
                        feedback++;
                        ratingSum += e.rating();
                    }
                    case "purchase" -> {
                        purchases++;
                        orders++;
                        for (Line l : e.lines()) {
                            revenue += l.micros();
                            Long click = clicks.get(l.itemId());
                            if (click != null && click <= e.at() && e.at() - click <= DAY) {
                                attributed += l.micros();
                            }
                        }
                    }
                    case "offer_impression" -> {
                        if (rec) {
                            recImpressions++;
                        } else if (!e.holdout()) {
                            offer(offers, e.offerId())[0]++;
                        }
                    }
                    case "offer_click" -> {
                        if (rec) {
                            recClicks++;
                        } else {
                            offer(offers, e.offerId())[1]++;
                        }
                    }
                    case "offer_redeem" -> {
                        if (!rec) {
                            offer(offers, e.offerId())[2]++;
                        }
                    }
                    default -> {}
                }
            }
        }
        Set<String> returned = new HashSet<>(previousBuyers);
        returned.retainAll(currentBuyers);

        Map<String, Object> k = new LinkedHashMap<>();
        k.put("window", window);
        k.put("from", Instant.ofEpochMilli(from).toString());
        k.put("to", Instant.ofEpochMilli(to).toString());
        k.put("events", events);
        k.put(
                "funnel",
                map(
                        "views",
                        views,
                        "addToCarts",
                        carts,
                        "purchases",
                        purchases,
                        "conversion",
                        ratio(purchases, views)));
        k.put("revenue", revenue / 1e6);
        k.put("orders", orders);
        k.put("aov", orders == 0 ? null : revenue / 1e6 / orders);
        Map<String, Object> offerKpis = new TreeMap<>();
        offers.forEach((id, o) -> {
            Uplift uplift = Uplift.newcombe(o[3], o[4], o[5], o[6]);
            Double value = o[3] == 0 || o[5] == 0 ? null : (double) o[4] / o[3] - (double) o[6] / o[5];
            offerKpis.put(
                    id,
                    map(
                            "impressions",
                            o[0],
                            "clicks",
                            o[1],
                            "redemptions",
                            o[2],
                            "ctr",
                            ratio(o[1], o[0]),
                            "redemptionRate",
                            ratio(o[2], o[0]),
                            "holdout",
                            map("customers", o[5], "converted", o[6]),
                            "treated",
                            map("customers", o[3], "converted", o[4]),
                            "uplift",
                            map("value", value, "ci95", uplift.ci95())));
        });
        k.put("offers", offerKpis);
        k.put(
                "recommendations",
                map(
                        "impressions",
                        recImpressions,
                        "clicks",
                        recClicks,
                        "ctr",
                        ratio(recClicks, recImpressions),
                        "attributedRevenue",
                        attributed / 1e6));
        k.put("satisfaction", map("feedback", feedback, "avgRating", ratio(ratingSum, feedback)));
        k.put(
                "retention",
                map(
                        "previousBuyers",
                        (long) previousBuyers.size(),
                        "returned",
                        (long) returned.size(),
                        "rate",
                        ratio(returned.size(), previousBuyers.size())));
        return Json.mapper().valueToTree(k);
    }

    private static long[] offer(Map<String, long[]> offers, String id) {
        return offers.computeIfAbsent(id, x -> new long[7]);
    }

    private static Double ratio(long numerator, long denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Every field of {@code expected} equals the served one (numbers to 1e-9, a missing field as null). */
    static void assertSameKpis(String path, JsonNode actual, JsonNode expected) {
        if (expected == null || expected.isNull()) {
            assertThat(actual == null || actual.isNull())
                    .as(path + " is null, was " + actual)
                    .isTrue();
        } else if (expected.isNumber()) {
            assertThat(actual != null && actual.isNumber())
                    .as(path + " is a number, was " + actual)
                    .isTrue();
            assertThat(actual.doubleValue())
                    .as(path)
                    .isCloseTo(
                            expected.doubleValue(),
                            org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, Math.abs(expected.doubleValue()))));
        } else if (expected.isObject()) {
            assertThat(actual != null && actual.isObject())
                    .as(path + " is an object, was " + actual)
                    .isTrue();
            Set<String> names = new HashSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            Set<String> served = new HashSet<>();
            for (Iterator<String> it = actual.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!actual.get(name).isNull()) {
                    served.add(name);
                }
            }
            assertThat(names).as(path + " fields").containsAll(served);
            for (String name : names) {
                assertSameKpis(path + "." + name, actual.get(name), expected.get(name));
            }
        } else if (expected.isArray()) {
            assertThat(actual != null && actual.isArray() && actual.size() == expected.size())
                    .as(path + " is " + expected + ", was " + actual)
                    .isTrue();
            for (int i = 0; i < expected.size(); i++) {
                assertSameKpis(path + "[" + i + "]", actual.get(i), expected.get(i));
            }
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }

    @Test
    void everyFieldOfEveryWindow_equalsARecountOfThePostedEvents() throws Exception {
        running.start(dataDir);
        long end = Instant.now()
                .truncatedTo(ChronoUnit.MINUTES)
                .minus(Duration.ofMinutes(1))
                .toEpochMilli();
        Random random = new Random(11);
        List<Ev> history = history(end, random);
        List<String> json = history.stream().map(Ev::json).toList();
        for (int i = 0; i < json.size(); i += 100) {
            assertThat(api.post(json.subList(i, Math.min(json.size(), i + 100))).statusCode())
                    .isEqualTo(202);
        }
        List<Ev> again = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            again.add(history.get(random.nextInt(history.size() - 1)));
        }
        assertThat(api.post(again.stream().map(Ev::json).toList()).statusCode())
                .as("duplicates")
                .isEqualTo(202);
        List<Ev> posted = new ArrayList<>(history);
        posted.addAll(again);
        Map<String, Long> types = new TreeMap<>();
        history.forEach(e -> types.merge(
                e.type() + (e.holdout() ? "(holdout)" : "") + (e.recommendationId() != null ? "(recommendation)" : ""),
                1L,
                Long::sum));
        LOG.info("posted {} events ({} distinct): {}", posted.size(), history.size(), types);

        Map<String, long[]> windows = new LinkedHashMap<>();
        windows.put("1h", new long[] {end - HOUR, end});
        windows.put("24h", new long[] {end - DAY, end});
        long hourEnd = Math.floorDiv(end + HOUR - 1, HOUR) * HOUR;
        windows.put("7d", new long[] {hourEnd - 7 * DAY, hourEnd});
        long dayEnd = Math.floorDiv(end + DAY - 1, DAY) * DAY;
        windows.put("30d", new long[] {dayEnd - 30 * DAY, dayEnd});
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        windows.forEach((name, w) -> expected.put(name, recount(name, w[0], w[1], posted)));
        expected.forEach((name, k) -> {
            assertThat(k.path("retention").path("previousBuyers").asLong())
                    .as(name + " has previous buyers")
                    .isPositive();
            assertThat(k.path("retention").path("returned").asLong())
                    .as(name + " has returning buyers")
                    .isPositive()
                    .isLessThan(k.path("retention").path("previousBuyers").asLong());
        });
        assertThat(expected.get("1h").path("offers"))
                .as("offers with a control group")
                .anyMatch(o -> o.path("holdout").path("customers").asLong() > 0
                        && o.path("uplift").path("value").isNumber());
        assertThat(expected.get("1h")
                        .path("recommendations")
                        .path("attributedRevenue")
                        .asDouble())
                .isPositive();

        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (var w : expected.entrySet()) {
                JsonNode served = Json.mapper()
                        .readTree(api.get("/v1/kpis?window=" + w.getKey()).body());
                assertSameKpis(w.getKey(), served, w.getValue());
            }
        });
        for (var w : expected.entrySet()) {
            LOG.info("{} window equals the recount: {}", w.getKey(), w.getValue());
        }

        // PRODUCT.md: after an erase every count the customer contributed to is decremented. k-0 was held
        // out of o-tea and resent an order, k-7 is another customer of the last hour, k-gone-1 only a
        // previous buyer of the 30d window. The erases are dated in the clock's last minute, after all
        // their events, so the windows stay where they are.
        List<Ev> erases = new ArrayList<>();
        for (String customer : List.of("k-0", "k-7", "k-gone-1")) {
            erases.add(new Ev(
                    "erase-" + customer, "erase", customer, end - 30_000, null, false, null, null, null, null, null));
        }
        assertThat(api.post(erases.stream().map(Ev::json).toList()).statusCode())
                .as("erases")
                .isEqualTo(202);
        posted.addAll(erases);
        Map<String, JsonNode> afterErase = new LinkedHashMap<>();
        windows.forEach((name, w) -> afterErase.put(name, recount(name, w[0], w[1], posted)));
        assertThat(afterErase.get("1h").path("events").path("view").asLong())
                .as("k-0's and k-7's views gone")
                .isLessThan(expected.get("1h").path("events").path("view").asLong());
        assertThat(afterErase
                        .get("30d")
                        .path("retention")
                        .path("previousBuyers")
                        .asLong())
                .isLessThan(expected.get("30d")
                        .path("retention")
                        .path("previousBuyers")
                        .asLong());
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (var w : afterErase.entrySet()) {
                JsonNode served = Json.mapper()
                        .readTree(api.get("/v1/kpis?window=" + w.getKey()).body());
                assertSameKpis(w.getKey(), served, w.getValue());
            }
        });
        LOG.info("after three erases every window equals the recount: {}", afterErase.get("1h"));
    }
}
