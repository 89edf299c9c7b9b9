package io.rapport.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Duplicate keys are found while the tree is built, but the refusal is the one the parser-level
 * check gives: it names the first duplicate key where it stands ({@code items[0].price}, {@code
 * events[1].type}), even when that key's value is itself broken.
 */
class EventParserDuplicateKeyTest {
    private static final String PURCHASE = "{\"eventId\":\"e-1\",\"type\":\"purchase\",\"customerId\":\"c-42\","
            + "\"timestamp\":\"2026-11-22T17:00:00Z\",\"orderId\":\"o-77\","
            + "\"items\":[{\"itemId\":\"i-1\",\"price\":2.5,\"quantity\":1}]";
    private final EventParser parser =
            new EventParser(Limits.DEFAULTS, Clock.fixed(Instant.parse("2026-11-22T18:00:00Z"), ZoneOffset.UTC));

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"eventId\":\"a\",\"eventId\":\"b\"}|eventId",
                "{\"eventId\":\"a\",\"eventId\":}|eventId",
                "{\"a\":1,\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}|a",
                "{\"a\":1,\"a\":\"unterminated|a",
                PURCHASE + ",\"items\":[]}|items",
                "{\"eventId\":\"e-1\",\"items\":[{\"itemId\":\"i-1\",\"price\":2.5,\"quantity\":1,\"price\":3}]}|items[0].price",
                PURCHASE + ",\"extra\":{\"k\":[{\"x\":1,\"y\":2,\"x\":3}]}}|extra.k[0].x",
                "[" + PURCHASE + "}," + PURCHASE + ",\"type\":\"view\"}]|events[1].type",
            })
    void duplicateKey_isRefusedNamingTheFirstDuplicateWhereItStands(String body, String field) {
        for (boolean batch : new boolean[] {true, false}) {
            InvalidEventException e = refusal(body, batch);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).isEqualTo(field + ": is given twice");
        }
    }

    private InvalidEventException refusal(String body, boolean batch) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            if (batch) {
                parser.parseBatch(bytes);
            } else {
                parser.parse(bytes);
            }
        } catch (InvalidEventException e) {
            return e;
        }
        throw new AssertionError("expected a refusal of " + body);
    }
}
