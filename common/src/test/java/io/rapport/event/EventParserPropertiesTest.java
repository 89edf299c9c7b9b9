package io.rapport.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rapport.kafka.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Property-based fuzzing of {@link EventParser}: whatever bytes arrive, the parser either returns
 * valid events or throws an {@link InvalidEventException} naming a field, never any other
 * exception; a field given a hostile value is refused under that field's own path; and every valid
 * event the generators build reads back with the values it was built from.
 */
class EventParserPropertiesTest {
    private static final Instant NOW = Instant.parse("2026-11-22T18:00:00Z");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = Limits.DEFAULTS.maxNestingDepth();
    /** Jackson refuses numbers over 1,000 characters ({@code StreamReadConstraints}). */
    private static final Pattern LONG_NUMBER = Pattern.compile("[-+.eE0-9]{1001,}");

    private final EventParser parser = new EventParser(Limits.DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC));

    /** Parses a body; any exception but a refusal naming a field fails the property. */
    private List<Event> parseOrRefuse(byte[] body) {
        try {
            List<Event> events = parser.parseBatch(body);
            assertThat(events).isNotEmpty().allSatisfy(EventParserPropertiesTest::assertValid);
            return events;
        } catch (InvalidEventException e) {
            assertThat(e.field()).as("the refusal names a field").isNotBlank();
            assertThat(e.getMessage()).startsWith(e.field() + ": ");
            return null;
        }
    }

    @Property(tries = 2_000)
    void anyString_isParsedOrRefusedNamingAField(@ForAll String body) {
        parseOrRefuse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 1_000)
    void anyBytes_areParsedOrRefusedNamingAField(@ForAll byte[] body) {
        parseOrRefuse(body);
        try {
            parser.parse(body);
        } catch (InvalidEventException e) {
            assertThat(e.field()).isNotBlank();
        }
    }

    @Property(tries = 2_000)
    void jsonishTokenSoup_isParsedOrRefusedNamingAField(@ForAll("jsonish") String body) {
        parseOrRefuse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 3_000)
    void aHostileValueInAnyField_isRefusedUnderThatField(
            @ForAll("eventFields") String path, @ForAll("hostileValues") JsonNode value) {
        ObjectNode event = validPurchase();
        replace(event, path, value);
        byte[] body = Json.encode(List.of(event));
        List<Event> parsed = null;
        InvalidEventException refusal = null;
        try {
            parsed = parser.parseBatch(body);
        } catch (InvalidEventException e) {
            refusal = e;
        }
        if (refusal == null) {
            assertThat(parsed).hasSize(1).allSatisfy(EventParserPropertiesTest::assertValid);
        } else if (depth(value) + 4 > MAX_DEPTH
                || LONG_NUMBER.matcher(new String(body, StandardCharsets.UTF_8)).find()) {
            // Past the nesting limit, or with a number too long to read, the body is refused as a whole.
            assertThat(refusal.field())
                    .as(refusal.getMessage())
                    .matches(f -> f.equals("body") || f.startsWith("events[0]." + path), "is body or under " + path);
        } else {
            assertThat(refusal.field()).as(refusal.getMessage()).startsWith("events[0]." + path);
        }
    }

    @Property(tries = 500)
    void deepNesting_isRefusedAsABodyBreakingTheLimit(@ForAll("depths") int depth, @ForAll boolean arrays) {
        StringBuilder json = new StringBuilder();
        json.append(arrays ? "[".repeat(depth) : "{\"a\":".repeat(depth))
                .append("1")
                .append(arrays ? "]".repeat(depth) : "}".repeat(depth));
        InvalidEventException refusal = catchRefusal(json.toString());
        if (depth > MAX_DEPTH) {
            assertThat(refusal.field()).isEqualTo("body");
            assertThat(refusal.getMessage()).contains("nesting depth");
        } else {
            assertThat(refusal.field())
                    .as("within the limit, nesting is not what is refused")
                    .isNotEqualTo("body");
        }
    }

    @Property(tries = 2_000)
    void validEvents_roundTripWithTheirValues(@ForAll("validEvents") Tuple.Tuple2<EventType, ObjectNode> generated)
            throws Exception {
        ObjectNode json = generated.get2();
        Event event = parser.parseBatch(Json.encode(json)).get(0);
        assertValid(event);
        assertThat(event.type()).isEqualTo(generated.get1());
        assertThat(event.eventId()).isEqualTo(json.get("eventId").textValue());
        assertThat(event.customerId()).isEqualTo(json.get("customerId").textValue());
        assertThat(event.timestamp()).isEqualTo(json.get("timestamp").longValue());
        if (json.has("items")) {
            assertThat(event.items()).hasSize(json.get("items").size());
            for (int i = 0; i < event.items().size(); i++) {
                JsonNode line = json.get("items").get(i);
                Item item = event.items().get(i);
                assertThat(item.itemId()).isEqualTo(line.get("itemId").textValue());
                assertThat(item.price())
                        .isEqualTo(line.has("price") ? line.get("price").doubleValue() : null);
                assertThat(item.quantity())
                        .isEqualTo(line.has("quantity") ? line.get("quantity").intValue() : null);
            }
        }
        assertThat(event.source()).isEqualTo(Json.mapper().readTree(Json.encode(json)));
        Event again = parser.parse(Json.encode(event.source()));
        assertThat(again).isEqualTo(event);
    }

    private InvalidEventException catchRefusal(String json) {
        try {
            parser.parseBatch(json.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidEventException e) {
            return e;
        }
        throw new AssertionError("expected a refusal of " + json);
    }

    /** What every event the parser returns must obey (PRODUCT.md, "Events" and "Limits"). */
    private static void assertValid(Event e) {
        Limits limits = Limits.DEFAULTS;
        assertThat(e.type()).isNotNull();
        for (String id : new String[] {e.eventId(), e.customerId()}) {
            assertThat(id)
                    .isNotEmpty()
                    .hasSizeLessThanOrEqualTo(limits.maxIdLength())
                    .doesNotContain("\u0000", "\n", "\r", "\u007f");
            assertThat(id.chars().noneMatch(Character::isISOControl)).isTrue();
        }
        assertThat(e.timestamp())
                .isBetween(0L, NOW.toEpochMilli() + limits.maxFutureSkew().toMillis());
        assertThat(e.items().size()).isLessThanOrEqualTo(limits.maxItemsPerEvent());
        for (Item item : e.items()) {
            assertThat(item.itemId()).isNotEmpty();
            assertThat(item.itemId().chars().noneMatch(Character::isISOControl)).isTrue();
            if (item.price() != null) {
                assertThat(item.price()).isFinite().isGreaterThanOrEqualTo(0.0).isLessThanOrEqualTo(limits.maxPrice());
            }
            if (item.quantity() != null) {
                assertThat(item.quantity()).isBetween(1, limits.maxQuantity());
            }
        }
        switch (e.type()) {
            case PURCHASE -> {
                assertThat(e.orderId()).isNotEmpty();
                assertThat(e.items()).isNotEmpty().allSatisfy(i -> {
                    assertThat(i.price()).isNotNull();
                    assertThat(i.quantity()).isNotNull();
                });
            }
            case VIEW, ADD_TO_CART, REMOVE_FROM_CART -> assertThat(e.items()).hasSize(1);
            case SEARCH -> assertThat(e.query()).isNotNull();
            case OFFER_IMPRESSION, OFFER_CLICK, OFFER_REDEEM ->
                assertThat(e.offerId()).isNotEmpty();
            case FEEDBACK -> assertThat(e.rating()).isBetween(1, 5);
            default -> {}
        }
    }

    private static ObjectNode validPurchase() {
        ObjectNode e = NODES.objectNode();
        e.put("eventId", "e-1")
                .put("type", "purchase")
                .put("customerId", "c-1")
                .put("timestamp", "2026-11-22T17:00:00Z")
                .put("channel", "web")
                .put("sessionId", "s-1")
                .put("orderId", "o-1");
        e.putObject("extra").put("kept", true);
        ObjectNode line = e.putArray("items").addObject();
        line.put("itemId", "i-1").put("category", "dairy").put("price", 2.5).put("quantity", 1);
        return e;
    }

    /** Replaces the value at a path such as {@code items[0].price} in a {@link #validPurchase}. */
    private static void replace(ObjectNode event, String path, JsonNode value) {
        if (path.startsWith("items[0].")) {
            ((ObjectNode) event.get("items").get(0)).set(path.substring("items[0].".length()), value);
        } else {
            event.set(path, value);
        }
    }

    private static int depth(JsonNode n) {
        int deepest = 0;
        for (JsonNode child : n) {
            deepest = Math.max(deepest, depth(child));
        }
        return n.isContainerNode() ? deepest + 1 : 0;
    }

    @Provide
    Arbitrary<String> eventFields() {
        return Arbitraries.of(
                "eventId",
                "customerId",
                "timestamp",
                "channel",
                "sessionId",
                "orderId",
                "items",
                "items[0].itemId",
                "items[0].category",
                "items[0].price",
                "items[0].quantity",
                "extra");
    }

    @Provide
    Arbitrary<Integer> depths() {
        return Arbitraries.integers().between(1, 3 * MAX_DEPTH);
    }

    /** Strings with control characters, surrogates, over-long ones and dates that are almost right. */
    private static Arbitrary<String> hostileStrings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings()
                        .withCharRange('\u0000', '\u001f')
                        .ofMinLength(1)
                        .ofMaxLength(5)
                        .map(s -> "id" + s),
                Arbitraries.strings()
                        .withCharRange('\ud800', '\udfff')
                        .ofMinLength(1)
                        .ofMaxLength(3),
                Arbitraries.integers().between(250, 5_000).map("x"::repeat),
                Arbitraries.of(
                        "",
                        " ",
                        "2026-11-22T17:00:00",
                        "2026-02-30T00:00:00Z",
                        "+999999999-12-31T23:59:59Z",
                        "-000001-01-01T00:00:00Z",
                        "1970-01-01T00:00:00Z",
                        "2999-01-01T00:00:00Z",
                        "NaN",
                        "Infinity",
                        "../../etc/passwd",
                        "%00",
                        "\u202e",
                        "\ufeff"));
    }

    private static Arbitrary<JsonNode> hostileNumbers() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.bigIntegers()
                        .between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40))
                        .map(NODES::numberNode),
                Arbitraries.integers().between(1, 2_000).map(n ->
                        (JsonNode) NODES.numberNode(new BigDecimal(BigInteger.ONE, -n))),
                Arbitraries.integers().between(1, 2_000).map(n ->
                        (JsonNode) NODES.numberNode(new BigDecimal(BigInteger.ONE, n))),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE)
                        .map(NODES::numberNode),
                Arbitraries.integers().between(1_000, 1_200).map(n ->
                        (JsonNode) NODES.numberNode(new BigInteger("9".repeat(n)))));
    }

    @Provide
    Arbitrary<JsonNode> hostileValues() {
        return Arbitraries.lazyOf(
                () -> hostileStrings().map(NODES::textNode),
                EventParserPropertiesTest::hostileNumbers,
                () -> Arbitraries.of(NODES.nullNode(), NODES.booleanNode(true), NODES.booleanNode(false)),
                () -> hostileValues().list().ofMaxSize(4).map(values -> {
                    ArrayNode a = NODES.arrayNode();
                    values.forEach(a::add);
                    return a;
                }),
                () -> Combinators.combine(hostileStrings(), hostileValues()).as((k, v) -> {
                    ObjectNode o = NODES.objectNode();
                    o.set(k, v);
                    return o;
                }),
                () -> Combinators.combine(
                                Arbitraries.integers().between(1, 3 * MAX_DEPTH),
                                hostileStrings().map(NODES::textNode))
                        .as((d, leaf) -> {
                            JsonNode n = leaf;
                            for (int i = 0; i < d; i++) {
                                n = NODES.arrayNode().add(n);
                            }
                            return n;
                        }));
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> token = Arbitraries.oneOf(
                Arbitraries.of(
                        "{",
                        "}",
                        "[",
                        "]",
                        ":",
                        ",",
                        "\"",
                        "null",
                        "true",
                        "false",
                        "-",
                        "1e999",
                        "0.5",
                        "\"eventId\"",
                        "\"type\"",
                        "\"purchase\"",
                        "\"view\"",
                        "\"profile_update\"",
                        "\"customerId\"",
                        "\"timestamp\"",
                        "\"items\"",
                        "\"price\"",
                        "\"quantity\"",
                        "\"attributes\"",
                        "\"birthday\"",
                        "\"2026-11-22T17:00:00Z\"",
                        "\"c\"",
                        "\\u0000",
                        "\\ud800",
                        "\u0000",
                        " ",
                        "\n",
                        "99999999999999999999999"),
                Arbitraries.strings().all().ofMaxLength(3));
        return token.list().ofMaxSize(60).map(tokens -> String.join("", tokens));
    }

    /** Valid events of every type, with timestamps as epoch milliseconds so they compare exactly. */
    @Provide
    Arbitrary<Tuple.Tuple2<EventType, ObjectNode>> validEvents() {
        Arbitrary<String> ids = Arbitraries.strings()
                .all()
                .ofMinLength(1)
                .ofMaxLength(256)
                .filter(EventParserPropertiesTest::printable)
                // ids, not texts: never blank, no line separator or noncharacter, and no '.' or '..'
                .filter(s -> Limits.isIdText(s) && !s.equals(".") && !s.equals(".."));
        Arbitrary<Long> times = Arbitraries.longs().between(0, NOW.toEpochMilli() + 86_400_000L);
        Arbitrary<ObjectNode> lines = Combinators.combine(
                        ids,
                        Arbitraries.doubles().between(0, Limits.DEFAULT_MAX_PRICE),
                        Arbitraries.integers().between(1, 10_000))
                .as((id, price, quantity) -> {
                    ObjectNode line = NODES.objectNode();
                    line.put("itemId", id).put("price", price).put("quantity", quantity);
                    return line;
                });
        return Combinators.combine(
                        Arbitraries.of(EventType.class),
                        ids,
                        ids,
                        times,
                        lines.list().ofMinSize(1).ofMaxSize(20),
                        Arbitraries.integers().between(1, 5))
                .as((type, eventId, customerId, time, items, rating) -> {
                    ObjectNode e = NODES.objectNode();
                    e.put("eventId", eventId)
                            .put("type", type.wireName())
                            .put("customerId", customerId)
                            .put("timestamp", time);
                    switch (type) {
                        case PURCHASE -> {
                            e.put("orderId", eventId);
                            e.putArray("items").addAll(new ArrayList<>(items));
                        }
                        case VIEW, ADD_TO_CART, REMOVE_FROM_CART ->
                            e.putArray("items").add(items.get(0));
                        case SEARCH -> e.put("query", customerId);
                        case OFFER_IMPRESSION, OFFER_CLICK, OFFER_REDEEM -> e.put("offerId", eventId);
                        case FEEDBACK -> e.put("rating", rating);
                        case PROFILE_UPDATE ->
                            e.set(
                                    "attributes",
                                    Json.mapper()
                                            .valueToTree(Map.of(
                                                    "tier",
                                                    customerId,
                                                    "marketingConsent",
                                                    rating > 2,
                                                    "birthday",
                                                    "1990-01-31")));
                        default -> {}
                    }
                    return Tuple.of(type, e);
                });
    }

    private static boolean printable(String s) {
        try {
            Limits.checkPrintable("id", s, false);
            return true;
        } catch (InvalidEventException e) {
            return false;
        }
    }
}
