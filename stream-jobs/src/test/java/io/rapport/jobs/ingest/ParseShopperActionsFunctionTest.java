package io.rapport.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.event.EventParser;
import io.rapport.event.EventType;
import io.rapport.event.InvalidEventException;
import io.rapport.jobs.kafka.EventValueSchema;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups.UnregisteredTaskMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParseShopperActionsFunctionTest {
    private static final String PURCHASE = "{\"eventId\":\"e-1\",\"type\":\"purchase\",\"customerId\":\"c-42\","
            + "\"timestamp\":\"2024-09-02T10:00:00Z\",\"orderId\":\"o-77\",\"items\":["
            + "{\"itemId\":\"i-1\",\"category\":\"dairy\",\"price\":2.5,\"quantity\":1},"
            + "{\"itemId\":\"i-2\",\"price\":1.0,\"quantity\":3}]}";

    private final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    private OneInputStreamOperatorTestHarness<String, ShopperAction> harness;

    @BeforeEach
    void open() throws Exception {
        UnregisteredTaskMetricGroup taskMetrics = new UnregisteredTaskMetricGroup() {
            @Override
            public InternalOperatorMetricGroup getOrAddOperator(OperatorID id, String name) {
                return metrics;
            }
        };
        harness = new OneInputStreamOperatorTestHarness<>(
                new ProcessOperator<>(new ParseShopperActionsFunction()),
                new MockEnvironmentBuilder().setMetricGroup(taskMetrics).build());
        harness.setProcessingTime(1_234);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private List<TopicRecord> deadLetters() {
        var letters = harness.getSideOutput(ParseShopperActionsFunction.DEAD_LETTERS);
        return letters == null
                ? List.of()
                : letters.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    @Test
    void validPurchase_becomesAnActionWithParallelItemsAndCategories() throws Exception {
        harness.processElement(PURCHASE, 0);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.eventId).isEqualTo("e-1");
            assertThat(a.customerId).isEqualTo("c-42");
            assertThat(a.type).isEqualTo(EventType.PURCHASE);
            assertThat(a.timestamp).isEqualTo(1_725_271_200_000L);
            assertThat(a.itemIds).containsExactly("i-1", "i-2");
            assertThat(a.categories).containsExactly("dairy", null);
        });
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void validEventsOfOtherTypes_becomeClockActions_thatTheJobsDoNotCount() throws Exception {
        harness.processElement(
                "{\"eventId\":\"e-2\",\"type\":\"search\",\"customerId\":\"c-42\","
                        + "\"timestamp\":1725271200000,\"query\":\"milk\"}",
                0);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.type).isEqualTo(EventType.SEARCH);
            assertThat(a.timestamp).as("moves the watermark").isEqualTo(1_725_271_200_000L);
            assertThat(a.itemIds).isEmpty();
            assertThat(ShopperAction.counts(a)).isFalse();
        });
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void invalidEvent_goesToDeadLettersWithFieldAndReason_andIsCounted() throws Exception {
        String negativePrice = PURCHASE.replace("\"price\":2.5", "\"price\":-1");

        harness.processElement(negativePrice, 0);
        harness.processElement("{not json", 0);

        assertThat(harness.extractOutputValues()).isEmpty();
        List<TopicRecord> letters = deadLetters();
        assertThat(letters).extracting(r -> r.key).containsExactly("c-42", null);
        JsonNode first = Json.mapper().readTree(letters.get(0).value);
        assertThat(first.get("field").asText()).isEqualTo("items[0].price");
        assertThat(first.get("reason").asText()).isEqualTo("items[0].price: must be a finite number >= 0");
        assertThat(first.get("raw").asText()).isEqualTo(negativePrice);
        assertThat(first.get("at").asLong()).isEqualTo(1_234);
        assertThat(Json.mapper().readTree(letters.get(1).value).get("field").asText())
                .isEqualTo("event");
        assertThat(((Counter) metrics.get("deadLetters")).getCount()).isEqualTo(2);
    }

    @Test
    void aNullOrNonUtf8Value_isDeadLetteredWithItsReason_andTheNextEventStillCounts() throws Exception {
        byte[] bad = PURCHASE.getBytes(StandardCharsets.UTF_8);
        bad[PURCHASE.indexOf("i-2")] = (byte) 0xfe;

        harness.processElement(EventValueSchema.read("k-1".getBytes(StandardCharsets.UTF_8), null), 0);
        harness.processElement(EventValueSchema.read(null, bad), 0);
        harness.processElement(EventValueSchema.read(null, PURCHASE.getBytes(StandardCharsets.UTF_8)), 0);

        assertThat(harness.extractOutputValues()).extracting(a -> a.eventId).containsExactly("e-1");
        List<TopicRecord> letters = deadLetters();
        assertThat(letters)
                .as("the record's key where the value has no customerId, else the customerId")
                .extracting(r -> r.key)
                .containsExactly("k-1", "c-42");
        JsonNode missing = Json.mapper().readTree(letters.get(0).value);
        assertThat(missing.get("field").asText()).isEqualTo("event");
        assertThat(missing.get("reason").asText()).isEqualTo("event: is null: the record has no value");
        assertThat(missing.get("raw").asText()).isEmpty();
        JsonNode notUtf8 = Json.mapper().readTree(letters.get(1).value);
        assertThat(notUtf8.get("reason").asText())
                .isEqualTo("event: is not valid UTF-8 (byte " + PURCHASE.indexOf("i-2") + ")");
        assertThat(notUtf8.get("raw").asText()).isEqualTo(PURCHASE.replace("\"i-2\"", "\"\uFFFD-2\""));
        assertThat(((Counter) metrics.get("deadLetters")).getCount()).isEqualTo(2);
    }

    @Test
    void aLetterKeepsTheFirst64KiBOfAHugeInvalidEvent() throws Exception {
        // about 1 MB on the events topic: its letter, escaped as JSON, would pass a Kafka record's limit
        String huge = PURCHASE.replace("\"price\":2.5", "\"price\":-1,\"note\":\"" + "x".repeat(1_000_000) + "\"");

        harness.processElement(huge, 0);

        JsonNode letter = Json.mapper().readTree(deadLetters().get(0).value);
        assertThat(letter.get("field").asText()).isEqualTo("items[0].price");
        String raw = letter.get("raw").asText();
        assertThat(raw).startsWith(huge.substring(0, DeadLetter.MAX_RAW_CHARS));
        assertThat(raw).endsWith("... (cut: " + huge.length() + " characters in all)");
        assertThat(deadLetters().get(0).value.length).isLessThan(100_000);
    }

    @Test
    void fastPathAndFallbackEvents_becomeTheActionsOfTheFullParse() throws Exception {
        EventParser parser = new EventParser();
        String fallback = PURCHASE.replace("\"orderId\"", "\"extra\":{\"kept\":true},\"orderId\"");
        String erase = "{\"eventId\":\"e-3\",\"type\":\"erase\",\"customerId\":\"c-42\",\"timestamp\":1725271200000}";
        assertThat(parser.tryParseItemEvent(bytes(PURCHASE)))
                .as("read by the fast path")
                .isNotNull();
        assertThat(parser.tryParseItemEvent(bytes(erase)))
                .as("read by the fast path")
                .isNotNull();
        assertThat(parser.tryParseItemEvent(bytes(fallback)))
                .as("left to the full parse")
                .isNull();

        harness.processElement(PURCHASE, 0);
        harness.processElement(fallback, 0);
        harness.processElement(erase, 0);

        List<ShopperAction> actions = List.copyOf(harness.extractOutputValues());
        assertThat(actions).hasSize(3);
        List<String> raws = List.of(PURCHASE, fallback, erase);
        for (int i = 0; i < raws.size(); i++) {
            ShopperAction expected = ShopperAction.of(parser.parse(bytes(raws.get(i))));
            assertThat(actions.get(i)).usingRecursiveComparison().isEqualTo(expected);
        }
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void invalidEventsOfTheCommonShape_deadLetterWithTheFullParsersMessage() throws Exception {
        List<String> invalid = List.of(
                PURCHASE.replace("\"quantity\":3", "\"quantity\":0"),
                PURCHASE.replace("\"c-42\"", "\"\""),
                PURCHASE.replace("\"orderId\":\"o-77\",", ""),
                PURCHASE.replace("\"eventId\":\"e-1\"", "\"eventId\":\"e-1\",\"eventId\":\"e-2\""),
                PURCHASE + " trailing");

        for (String raw : invalid) {
            harness.processElement(raw, 0);
        }

        assertThat(harness.extractOutputValues()).isEmpty();
        List<TopicRecord> letters = deadLetters();
        assertThat(letters).hasSize(invalid.size());
        for (int i = 0; i < invalid.size(); i++) {
            InvalidEventException refusal = refusal(invalid.get(i));
            JsonNode letter = Json.mapper().readTree(letters.get(i).value);
            assertThat(letter.get("reason").asText()).isEqualTo(refusal.getMessage());
            assertThat(letter.get("field").asText()).isEqualTo(refusal.field());
        }
    }

    private static InvalidEventException refusal(String raw) {
        try {
            new EventParser().parse(bytes(raw));
        } catch (InvalidEventException e) {
            return e;
        }
        throw new AssertionError("expected a refusal of " + raw);
    }

    private static byte[] bytes(String raw) {
        return raw.getBytes(StandardCharsets.UTF_8);
    }
}
