package io.rapport.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast path {@link EventParser#tryParseItemEvent} against the full {@link EventParser#parse(byte[])}
 * of the same parser, on thousands of generated bodies: whenever the fast path returns an event, the
 * full parse accepts the same bytes and gives the same ids, type, timestamp, item ids and categories
 * (what {@code ShopperAction.of} keeps); whenever the full parse refuses, the fast path returns null.
 * And the fast path is worth having: it reads every valid purchase, view and erase of its shape.
 *
 * <p>Runs under the default limits and under small ones, so that every limit is met at its edge.
 */
class TryParseItemEventTest {
    private static final Instant NOW = Instant.parse("2026-11-22T18:00:00Z");
    private static final Limits SMALL = new Limits(1 << 20, 10, 4, 5, 12, 3, 16, Duration.ofHours(1), 100);

    /** What became of one body. */
    private enum Outcome {
        /** Read by the fast path, with the full parse's values. */
        FAST,
        /** Left to the full parse, which accepts it. */
        FULL_ONLY,
        /** Left to the full parse, which refuses it. */
        REFUSED
    }

    static Stream<Limits> limits() {
        return Stream.of(Limits.DEFAULTS, SMALL);
    }

    private static EventParser parser(Limits limits) {
        return new EventParser(limits, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** Runs both paths on the body and checks that they agree. */
    private static Outcome compare(EventParser parser, byte[] body) {
        ItemEvent fast = parser.tryParseItemEvent(body);
        Event full;
        try {
            full = parser.parse(body);
        } catch (InvalidEventException refused) {
            assertThat(fast)
                    .as("fast path on a body refused with '%s': %s", refused.getMessage(), text(body))
                    .isNull();
            return Outcome.REFUSED;
        }
        if (fast == null) {
            return Outcome.FULL_ONLY;
        }
        String json = text(body);
        assertThat(fast.eventId()).as(json).isEqualTo(full.eventId());
        assertThat(fast.customerId()).as(json).isEqualTo(full.customerId());
        assertThat(fast.type()).as(json).isEqualTo(full.type());
        assertThat(fast.timestamp()).as(json).isEqualTo(full.timestamp());
        assertThat(fast.itemIds())
                .as(json)
                .containsExactly(full.items().stream().map(Item::itemId).toArray(String[]::new));
        assertThat(fast.categories())
                .as(json)
                .containsExactly(full.items().stream().map(Item::category).toArray(String[]::new));
        return Outcome.FAST;
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("limits")
    void everyValidItemEventOfTheCommonShape_isReadByTheFastPathWithTheFullParsesValues(Limits limits) {
        EventParser parser = parser(limits);
        RandomEventJson events = new RandomEventJson(new Random(20261122), limits, NOW);
        Map<EventType, Integer> read = new EnumMap<>(EventType.class);
        for (int i = 0; i < 5_000; i++) {
            byte[] body = events.render(events.validItemEvent()).getBytes(StandardCharsets.UTF_8);
            assertThat(compare(parser, body)).as(text(body)).isEqualTo(Outcome.FAST);
            read.merge(parser.tryParseItemEvent(body).type(), 1, Integer::sum);
        }
        assertThat(read.keySet()).containsExactlyInAnyOrder(EventType.PURCHASE, EventType.VIEW, EventType.ERASE);
    }

    @ParameterizedTest
    @MethodSource("limits")
    void mutatedEvents_areReadByTheFastPathOnlyWhereTheFullParseAgrees(Limits limits) {
        EventParser parser = parser(limits);
        RandomEventJson events = new RandomEventJson(new Random(7), limits, NOW);
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        for (int i = 0; i < 20_000; i++) {
            outcomes.merge(compare(parser, events.mutatedItemEvent()), 1, Integer::sum);
        }
        // Each outcome is reached often, or the mutations would not be testing the fallback.
        assertThat(outcomes)
                .allSatisfy(
                        (outcome, count) -> assertThat(count).as(outcome.name()).isGreaterThan(500))
                .hasSize(3);
    }

    @ParameterizedTest
    @MethodSource("limits")
    void validEventsOfOtherTypes_areLeftToTheFullParse(Limits limits) {
        EventParser parser = parser(limits);
        RandomEventJson events = new RandomEventJson(new Random(3), limits, NOW);
        for (int i = 0; i < 1_000; i++) {
            byte[] body = events.render(events.validOtherEvent()).getBytes(StandardCharsets.UTF_8);
            assertThat(compare(parser, body)).as(text(body)).isEqualTo(Outcome.FULL_ONLY);
        }
    }

    @Test
    void validEventsWithFieldsTheFastPathDoesNotRead_areLeftToTheFullParse() {
        EventParser parser = parser(Limits.DEFAULTS);
        String view = "{\"eventId\":\"e\",\"type\":\"view\",\"customerId\":\"c\",\"timestamp\":1000,"
                + "\"items\":[{\"itemId\":\"i\"}]";
        assertThat(compare(parser, (view + "}").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Outcome.FAST);
        for (String extra : new String[] {
            ",\"extra\":{\"kept\":true}",
            ",\"rating\":\"any\"",
            ",\"attributes\":{\"birthday\":\"not a date\"}",
            ",\"items \":1"
        }) {
            byte[] body = (view + extra + "}").getBytes(StandardCharsets.UTF_8);
            assertThat(compare(parser, body)).as(text(body)).isEqualTo(Outcome.FULL_ONLY);
        }
        byte[] unknownItemField = view.replace("{\"itemId\":\"i\"}", "{\"itemId\":\"i\",\"colour\":\"red\"}")
                .concat("}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(compare(parser, unknownItemField)).isEqualTo(Outcome.FULL_ONLY);
    }

    @Test
    void anEraseDatedMoreThanAMinuteAhead_isRefusedOnBothPaths_whileOtherEventsHaveTheFullSkew() {
        EventParser parser = parser(Limits.DEFAULTS);
        String erase = "{\"eventId\":\"e\",\"type\":\"erase\",\"customerId\":\"c\",\"timestamp\":%d}";
        long now = NOW.toEpochMilli();
        assertThat(compare(parser, String.format(erase, now + 60_000).getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Outcome.FAST);
        assertThat(compare(parser, String.format(erase, now + 60_001).getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Outcome.REFUSED);
        String view = "{\"eventId\":\"e\",\"type\":\"view\",\"customerId\":\"c\",\"timestamp\":%d,"
                + "\"items\":[{\"itemId\":\"i\"}]}";
        assertThat(compare(parser, String.format(view, now + 3_600_000).getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Outcome.FAST);
    }

    @Test
    void jsonNullCountsAsAbsentOnBothPaths() {
        EventParser parser = parser(Limits.DEFAULTS);
        String erase = "{\"eventId\":\"e\",\"type\":\"erase\",\"customerId\":\"c\",\"timestamp\":1000,"
                + "\"channel\":null,\"items\":null,\"query\":null}";
        assertThat(compare(parser, erase.getBytes(StandardCharsets.UTF_8))).isEqualTo(Outcome.FAST);
        assertThat(parser.tryParseItemEvent(erase.getBytes(StandardCharsets.UTF_8))
                        .itemIds())
                .isEmpty();
        String unpricedPurchase = "{\"eventId\":\"e\",\"type\":\"purchase\",\"customerId\":\"c\",\"timestamp\":1000,"
                + "\"orderId\":\"o\",\"items\":[{\"itemId\":\"i\",\"price\":null,\"quantity\":1}]}";
        assertThat(compare(parser, unpricedPurchase.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Outcome.REFUSED);
    }

    @Test
    void nestingLimitBelowAnItemObject_leavesEveryEventToTheFullParse() {
        Limits shallow = new Limits(1 << 20, 10, 4, 5, 12, 2, 16, Duration.ofHours(1), 100);
        EventParser parser = parser(shallow);
        byte[] erase = "{\"eventId\":\"e\",\"type\":\"erase\",\"customerId\":\"c\",\"timestamp\":1000}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(compare(parser, erase)).isEqualTo(Outcome.FULL_ONLY);
    }

    @ParameterizedTest
    @MethodSource("limits")
    void aDotOrDotDotCustomerOrItemId_isRefusedByBothPaths(Limits limits) {
        EventParser parser = parser(limits);
        for (String id : new String[] {".", ".."}) {
            String view = "{\"eventId\":\"e\",\"type\":\"view\",\"customerId\":\"c\",\"timestamp\":1000,"
                    + "\"items\":[{\"itemId\":\"" + id + "\"}]}";
            String erase = "{\"eventId\":\"e\",\"type\":\"erase\",\"customerId\":\"" + id + "\",\"timestamp\":1000}";
            for (String body : new String[] {view, erase}) {
                assertThat(compare(parser, body.getBytes(StandardCharsets.UTF_8)))
                        .as(body)
                        .isEqualTo(Outcome.REFUSED);
            }
            assertThatThrownBy(() -> parser.parse(view.getBytes(StandardCharsets.UTF_8)))
                    .hasMessage("items[0].itemId: must not be '" + id + "': a URL path cannot name it");
            assertThatThrownBy(() -> parser.parse(erase.getBytes(StandardCharsets.UTF_8)))
                    .hasMessage("customerId: must not be '" + id + "': a URL path cannot name it");
        }
    }
}
