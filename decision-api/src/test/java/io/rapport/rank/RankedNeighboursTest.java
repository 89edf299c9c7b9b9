package io.rapport.rank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RankedNeighboursTest {
    @Test
    void aListIsRankedByTheUnroundedScore_thenCoPurchases_thenItemId() {
        // b and c both answer 12.346; c's unrounded score is higher, though b has more co-purchases
        List<RankedItem> scored = List.of(
                new RankedItem("a", 3.0, 3.0, 9, "a"),
                new RankedItem("b", 12.346, 12.3456, 40, "b"),
                new RankedItem("c", 12.346, 12.3464, 20, "c"),
                new RankedItem("d", 3.0, 3.0, 9, "d"),
                new RankedItem("e", 3.0, 3.0, 10, "e"),
                new RankedItem("f", 0.0, -0.0004, 1, "negative, answered as 0.0"),
                new RankedItem("g", 0.0, 0.0, 1, "none"));
        RankedNeighbours ranked = new RankedNeighbours(10, Runnable::run, id -> scored);

        assertThat(ranked.of("x")).extracting(RankedItem::itemId).containsExactly("c", "b", "e", "a", "d", "g", "f");
    }
}
