package io.rapport.copurchase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PairCountingTest {

    @Test
    void newlyBought_keepsOrderDropsOwnedAndRepeats() {
        assertThat(PairCounting.newlyBought(Set.of("a"), List.of("b", "a", "c", "b"), 10)).containsExactly("b", "c");
    }

    @Test
    void newlyBought_stopsAtTheCapDeterministically() {
        Set<String> owned = new LinkedHashSet<>(List.of("a", "b"));
        assertThat(PairCounting.newlyBought(owned, List.of("c", "d", "e"), 3)).containsExactly("c");
        assertThat(PairCounting.newlyBought(owned, List.of("c", "d", "e"), 2)).isEmpty();
    }

    @Test
    void forEachPair_visitsPairsWithOthersAndWithinTheChangedItemsOnce() {
        List<String> pairs = new ArrayList<>();
        PairCounting.forEachPair(List.of("x", "y"), List.of("a", "b"), (p, q) -> pairs.add(p + q));
        assertThat(pairs).containsExactly("ax", "ay", "bx", "by", "ba");
    }

    @Test
    void addingThenRemovingTheSameItems_cancelsOut() {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        PairCounting.forEachPair(List.of("x"), List.of("a", "b", "c"), (p, q) -> added.add(key(p, q)));
        PairCounting.forEachPair(List.of("x", "a"), List.of("b", "c"), (p, q) -> removed.add(key(p, q)));
        PairCounting.forEachPair(List.of("x"), List.of("a"), (p, q) -> removed.add(key(p, q)));
        assertThat(removed).containsExactlyInAnyOrderElementsOf(added);
    }

    private static String key(String p, String q) {
        return p.compareTo(q) < 0 ? p + q : q + p;
    }
}
