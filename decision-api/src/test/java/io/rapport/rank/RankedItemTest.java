package io.rapport.rank;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.http.AlsoBoughtHandler;
import io.rapport.kafka.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RankedItemTest {
    /** What the answers carried when RankedItem was a record: Jackson's encoding of the four components. */
    record AsRecord(String itemId, double score, long coPurchases, String reason) {
        static AsRecord of(RankedItem item) {
            return new AsRecord(item.itemId(), item.score(), item.coPurchases(), item.reason());
        }
    }

    record RecordResponse(String itemId, String strategy, List<AsRecord> items) {}

    static Stream<RankedItem> items() {
        return Stream.of(
                new RankedItem(
                        "butter",
                        212.437,
                        736,
                        "bought together with Whole milk by 736 customers (LLR 212.4, lift 1.3)"),
                new RankedItem("i-1", -3.5, 0, "popular: bought by 1 customer"),
                new RankedItem(
                        "😀".repeat(3) + "é", 0.001, 1, "because you viewed \"Crème brûlée\" × 2\n\t\\ \u0001 😀"),
                new RankedItem("big", 1.0E-7, Long.MAX_VALUE, ""),
                new RankedItem("nan", Double.NaN, 0, null),
                new RankedItem("huge", 1.7976931348623157E308, 2, "x"));
    }

    @ParameterizedTest
    @MethodSource("items")
    void encodesToTheSameBytesAsTheRecordItWas(RankedItem item) {
        assertThat(text(Json.encode(item))).isEqualTo(text(Json.encode(AsRecord.of(item))));
        assertThat(text(Json.encode(item)))
                .as("encoded once, written again the same")
                .isEqualTo(item.json());
    }

    @ParameterizedTest
    @MethodSource("items")
    void anAnswerOfItems_encodesToTheSameBytesAsBefore(RankedItem item) {
        RankedItem other = new RankedItem("jam", 12.5, 40, "bought together with bread by 40 customers");
        var answer = new AlsoBoughtHandler.Response("bread 😀", "co-purchase", List.of(item, other, item));
        var before = new RecordResponse(
                "bread 😀", "co-purchase", List.of(AsRecord.of(item), AsRecord.of(other), AsRecord.of(item)));

        assertThat(Json.encode(answer)).isEqualTo(Json.encode(before));
    }

    @ParameterizedTest
    @MethodSource("items")
    void equalsAndHashCode_asARecord(RankedItem item) {
        RankedItem same = new RankedItem(item.itemId(), item.score(), item.coPurchases(), item.reason());
        assertThat(same).isEqualTo(item).hasSameHashCodeAs(item);
        assertThat(new RankedItem(item.itemId(), item.score(), item.coPurchases() - 1, item.reason()))
                .isNotEqualTo(item);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
