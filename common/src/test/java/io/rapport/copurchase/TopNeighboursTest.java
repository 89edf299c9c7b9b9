package io.rapport.copurchase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopNeighboursTest {

    private static Map<String, Long> counts(Object... idsAndCounts) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < idsAndCounts.length; i += 2) {
            counts.put((String) idsAndCounts[i], ((Number) idsAndCounts[i + 1]).longValue());
        }
        return counts;
    }

    @Test
    void of_keepsTheKMostCoPurchased_bestFirst() {
        Map<String, Long> counts = counts("a", 3, "b", 7, "c", 1, "d", 5, "e", 9);

        assertThat(TopNeighbours.of(counts.entrySet(), 3))
                .containsExactly(new NeighbourCount("e", 9), new NeighbourCount("b", 7), new NeighbourCount("d", 5));
    }

    @Test
    void of_breaksTiesByItemId_whateverTheOrderTheCountsComeIn() {
        // z, y, x and w all have 4; the two kept are the first by itemId: w, x.
        Map<String, Long> counts = counts("z", 4, "y", 4, "x", 4, "w", 4, "top", 6);

        assertThat(TopNeighbours.of(counts.entrySet(), 3))
                .containsExactly(new NeighbourCount("top", 6), new NeighbourCount("w", 4), new NeighbourCount("x", 4));
    }

    @Test
    void of_leavesOutZeroAndNegativeCounts() {
        Map<String, Long> counts = counts("gone", 0, "retracted", -2, "kept", 1);

        assertThat(TopNeighbours.of(counts.entrySet(), 10)).containsExactly(new NeighbourCount("kept", 1));
    }

    @Test
    void of_keepsExactlyKWhenThereAreMore_andAllWhenThereAreFewer() {
        Map<String, Long> counts = counts("a", 1, "b", 2, "c", 3);

        assertThat(TopNeighbours.of(counts.entrySet(), 3)).hasSize(3);
        assertThat(TopNeighbours.of(counts.entrySet(), 2))
                .containsExactly(new NeighbourCount("c", 3), new NeighbourCount("b", 2));
        assertThat(TopNeighbours.of(counts.entrySet(), 5)).hasSize(3);
    }

    @Test
    void of_replacesTheWorstKeptOnlyByABetterCandidate() {
        // heap of 2 holds (b 5, c 5) after three entries; d 5 ties with the worst kept (c 5) but comes
        // after it by itemId, so it must not replace it; a 5 comes before both and replaces c.
        Map<String, Long> counts = counts("b", 5, "c", 5, "d", 5, "a", 5);

        assertThat(TopNeighbours.of(counts.entrySet(), 2))
                .containsExactly(new NeighbourCount("a", 5), new NeighbourCount("b", 5));
    }

    @Test
    void ranking_ordersByCountThenItemId() {
        List<NeighbourCount> list = new ArrayList<>(
                List.of(new NeighbourCount("b", 2), new NeighbourCount("a", 2), new NeighbourCount("c", 3)));
        list.sort(TopNeighbours.RANKING);

        assertThat(list)
                .containsExactly(new NeighbourCount("c", 3), new NeighbourCount("a", 2), new NeighbourCount("b", 2));
    }
}
