package io.rapport.copurchase;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.kafka.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code items} topic's record stays readable across versions, in both directions. */
class ItemSnapshotJsonTest {

    @Test
    void recordWithoutEdgeTimesNorRecentBuyers_readsAsUnknown() {
        String old = "{\"itemId\":\"whole milk\",\"category\":\"dairy\",\"buyers\":2513,\"viewers\":0,"
                + "\"viewersWhoBought\":0,\"neighbours\":[{\"itemId\":\"butter\",\"coPurchases\":736}],"
                + "\"updatedAt\":1764000000000}";

        ItemSnapshot read = Json.decode(old.getBytes(UTF_8), ItemSnapshot.class);

        assertThat(read)
                .isEqualTo(new ItemSnapshot(
                        "whole milk",
                        "dairy",
                        2513,
                        0,
                        0,
                        List.of(new NeighbourCount("butter", 736)),
                        1_764_000_000_000L));
        assertThat(read.asOf()).isEqualTo(0);
        assertThat(read.recentBuyers()).isEqualTo(0);
        assertThat(read.neighbours().get(0).lastIncreasedAt()).isEqualTo(NeighbourCount.UNKNOWN);
    }

    @Test
    void recordWithEdgeTimesAndRecentBuyers_roundTrips() {
        ItemSnapshot snapshot = new ItemSnapshot(
                "whole milk",
                "dairy",
                2513,
                40,
                12,
                List.of(new NeighbourCount("butter", 736, 1_763_900_000_000L), new NeighbourCount("yogurt", 551)),
                1_764_000_000_123L,
                1_763_999_000_000L,
                17);

        byte[] json = Json.encode(snapshot);

        assertThat(new String(json, UTF_8))
                .contains("\"lastIncreasedAt\":1763900000000", "\"asOf\":1763999000000", "\"recentBuyers\":17");
        assertThat(Json.decode(json, ItemSnapshot.class)).isEqualTo(snapshot);
    }

    /** A reader of the previous version (unknown fields ignored) still reads the new record. */
    record PreviousNeighbour(String itemId, long coPurchases) {}

    record PreviousSnapshot(
            String itemId,
            String category,
            long buyers,
            long viewers,
            long viewersWhoBought,
            List<PreviousNeighbour> neighbours,
            long updatedAt) {}

    @Test
    void newRecord_readsInThePreviousShape() {
        ItemSnapshot snapshot = new ItemSnapshot("a", "c", 3, 0, 0, List.of(new NeighbourCount("b", 2, 99)), 7, 100, 1);

        PreviousSnapshot read = Json.decode(Json.encode(snapshot), PreviousSnapshot.class);

        assertThat(read).isEqualTo(new PreviousSnapshot("a", "c", 3, 0, 0, List.of(new PreviousNeighbour("b", 2)), 7));
    }

    @Test
    void conversion_isTheShareOfViewersWhoBought_andNullWithoutViewers() {
        // 3 of 12 viewers bought: 3 / 12 = 0.25
        assertThat(new ItemSnapshot("i", "c", 5, 12, 3, List.of(), 0L).conversion())
                .isEqualTo(0.25);
        assertThat(new ItemSnapshot("i", "c", 5, 0, 0, List.of(), 0L).conversion())
                .isNull();
    }
}
