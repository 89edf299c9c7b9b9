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
        assertThat(PairCounting.newlyBought(Set.of("a"), List.of("b", "a", "c", "b"), 10))
                .containsExactly("b", "c");
    }

    @Test
    void newlyBought_dropsRepeatsInLongPurchasesToo_andTakesOwnershipFromAPredicate() {
        List<String> purchased = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 40; i++) {
                purchased.add("i" + i);
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 1; i < 40; i += 2) {
            expected.add("i" + i);
        }

        assertThat(PairCounting.newlyBought(20, id -> Integer.parseInt(id.substring(1)) % 2 == 0, purchased, 100))
                .containsExactlyElementsOf(expected);
        assertThat(PairCounting.newlyBought(20, id -> Integer.parseInt(id.substring(1)) % 2 == 0, purchased, 38))
                .containsExactlyElementsOf(expected.subList(0, 18));
    }

    @Test
    void paired_areTheFirstNewItemsWhileThePairCapHasRoom() {
        List<String> fresh = List.of("c", "d", "e");
        assertThat(PairCounting.paired(fresh, 0, 10)).containsExactly("c", "d", "e");
        assertThat(PairCounting.paired(fresh, 8, 10)).containsExactly("c", "d");
        assertThat(PairCounting.paired(fresh, 10, 10)).isEmpty();
        assertThat(PairCounting.paired(fresh, 12, 10))
                .as("more paired than the cap (a smaller cap)")
                .isEmpty();
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
