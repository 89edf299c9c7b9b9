package io.rapport.jobs.copurchase;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.kafka.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The directly written snapshot is byte for byte what the mapper makes of the {@link ItemSnapshot} record. */
class ItemSnapshotFormatTest {
    private final ItemSnapshotFormat format = new ItemSnapshotFormat();

    private static ItemCounts counts(String category, long buyers, long viewers, long viewersWhoBought) {
        ItemCounts c = new ItemCounts();
        c.category = category;
        c.buyers = buyers;
        c.viewers = viewers;
        c.viewersWhoBought = viewersWhoBought;
        return c;
    }

    private void assertSameBytesAsTheRecord(String itemId, ItemCounts c, List<NeighbourCount> neighbours, long at) {
        assertSameBytesAsTheRecord(itemId, c, neighbours, c.buyers / 3, at / 2, at);
    }

    private void assertSameBytesAsTheRecord(
            String itemId, ItemCounts c, List<NeighbourCount> neighbours, long recentBuyers, long asOf, long at) {
        byte[] written = format.encode(itemId, c, neighbours, recentBuyers, asOf, at);

        byte[] mapped = Json.encode(format.snapshot(itemId, c, neighbours, recentBuyers, asOf, at));

        assertThat(written)
                .as(new String(written, UTF_8) + " vs " + new String(mapped, UTF_8))
                .isEqualTo(mapped);
        assertThat(Json.decode(written, ItemSnapshot.class))
                .isEqualTo(format.snapshot(itemId, c, neighbours, recentBuyers, asOf, at));
    }

    @Test
    void increaseTimesAsOfAndRecentBuyers_areWrittenLikeTheRecord() {
        assertThat(format.publishesIncreaseTimes()).isTrue();
        assertSameBytesAsTheRecord(
                "whole milk",
                counts("dairy produce", 2513, 40, 12),
                List.of(
                        new NeighbourCount("other vegetables", 736, 1_763_990_000_000L),
                        new NeighbourCount("rolls/buns", 557),
                        new NeighbourCount("yogurt", 551, -5)),
                120,
                1_763_999_000_000L,
                1_764_000_000_000L);
        assertSameBytesAsTheRecord(
                "x",
                counts("c", 1, 0, 0),
                List.of(new NeighbourCount("y", 1, Long.MAX_VALUE), new NeighbourCount("z", 1, Long.MIN_VALUE)),
                Long.MAX_VALUE,
                Long.MIN_VALUE,
                0);
    }

    @Test
    void plainSnapshot_isWrittenLikeTheRecord() {
        assertSameBytesAsTheRecord(
                "whole milk",
                counts("dairy produce", 2513, 40, 12),
                List.of(new NeighbourCount("other vegetables", 736), new NeighbourCount("rolls/buns", 557)),
                1_764_000_000_000L);
    }

    @Test
    void nullCategoryAndNoNeighbours_areWrittenLikeTheRecord() {
        assertSameBytesAsTheRecord("a", counts(null, 0, 0, 0), List.of(), 0);
    }

    @Test
    void extremeNumbersAndLongLists_areWrittenLikeTheRecord() {
        List<NeighbourCount> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(new NeighbourCount("neighbour number " + i, 300 - i));
        }
        assertSameBytesAsTheRecord("x", counts("c", Long.MIN_VALUE, Long.MAX_VALUE, -1), many, Long.MIN_VALUE);
    }

    @Test
    void everyDigitCount_isWrittenLikeTheRecord() {
        List<NeighbourCount> counts = new ArrayList<>();
        for (long n = 1; n > 0 && n < Long.MAX_VALUE / 10; n *= 10) {
            counts.add(new NeighbourCount("n" + n, n));
            counts.add(new NeighbourCount("m" + n, n - 1));
            counts.add(new NeighbourCount("p" + n, n * 9 + 9));
        }
        assertSameBytesAsTheRecord("x", counts("c", 0, 9, 10), counts, Long.MAX_VALUE);
    }

    @Test
    void idsSharingACacheSlot_areEachWrittenAsThemselves() {
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        for (int round = 0; round < 3; round++) {
            assertSameBytesAsTheRecord(
                    "x",
                    counts("c", 1, 1, 1),
                    List.of(new NeighbourCount("Aa", 2), new NeighbourCount("BB", 1), new NeighbourCount("Aa\"", 1)),
                    5);
        }
    }

    @Test
    void stringsNeedingEscapes_areWrittenLikeTheRecord() {
        assertSameBytesAsTheRecord(
                "say \"cheese\" \\ now\n\t\u0001\u007f/",
                counts("caf\u00e9 \u2028 \uD83E\uDD50", 1, -1, 0),
                List.of(new NeighbourCount("</script>\r\u001f", 3), new NeighbourCount("\u00ff\u0100", -2)),
                Long.MAX_VALUE);
    }
}
