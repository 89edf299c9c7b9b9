package io.rapport.rank;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.rank.ResolvedLists.Resolved;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResolvedListsTest {
    private final ItemIds ids = new ItemIds();
    /** What the view holds now, by itemId. */
    private final Map<String, Resolved> view = new HashMap<>();
    /** Every item resolved from the view, in order. */
    private final List<String> resolvedFromView = new ArrayList<>();

    private final ResolvedLists lists = new ResolvedLists(
            ids,
            itemId -> {
                resolvedFromView.add(itemId);
                return view.getOrDefault(itemId, Resolved.EMPTY);
            },
            itemId -> view.containsKey(itemId) ? view.get(itemId).count() : 0);

    private Resolved list(long count, String... neighbours) {
        int[] neighbourIds = new int[neighbours.length];
        long[] together = new long[neighbours.length];
        for (int i = 0; i < neighbours.length; i++) {
            neighbourIds[i] = ids.of(neighbours[i]);
            together[i] = neighbours.length - i;
        }
        return new Resolved(count, neighbourIds, together, null, 0, null);
    }

    @Test
    void anItemNotUpdatedSinceTheStart_isResolvedFromItsViewOnce() {
        Resolved bread = list(100, "butter", "jam");
        view.put("bread", bread);
        int id = ids.of("bread");

        assertThat(lists.list(id)).isSameAs(bread);
        assertThat(lists.list(id)).isSameAs(bread);
        assertThat(lists.count(id)).isEqualTo(100);
        assertThat(resolvedFromView).containsExactly("bread");
    }

    @Test
    void anUpdate_replacesTheListAndTheCountAReaderFoundBefore() {
        view.put("bread", list(100, "butter"));
        int id = ids.of("bread");
        lists.list(id);
        lists.count(id);

        Resolved changed = list(101, "rolls", "butter");
        view.put("bread", changed);
        lists.update("bread");

        assertThat(lists.list(id)).isSameAs(changed);
        assertThat(lists.count(id)).isEqualTo(101);
    }

    @Test
    void anUpdate_givesAnItemWithoutAnIdOne_andItsCountIsReadWithoutResolvingItsListAgain() {
        view.put("tea", list(80, "biscuits"));

        lists.update("tea");

        assertThat(lists.count(ids.find("tea"))).isEqualTo(80);
        assertThat(lists.list(ids.find("tea")).ids()).containsExactly(ids.of("biscuits"));
        assertThat(resolvedFromView).containsExactly("tea");
    }

    @Test
    void aRemovedItem_readsEmptyWithCountZero_asDoesAnItemTheViewNeverHeld() {
        view.put("jam", list(25, "bread"));
        lists.update("jam");
        view.remove("jam");
        lists.update("jam");

        assertThat(lists.list(ids.of("jam")).ids()).isEmpty();
        assertThat(lists.count(ids.of("jam"))).isZero();
        assertThat(lists.count(ids.of("never-seen"))).isZero();
        assertThat(lists.list(ids.of("never-seen")).ids()).isEmpty();
    }

    @Test
    void idsBeyondTheFirstArrays_growThem() {
        for (int i = 0; i < 3000; i++) {
            view.put("item-" + i, list(i + 1));
        }
        lists.update("item-2999");

        assertThat(lists.count(ids.find("item-2999"))).isEqualTo(3000);
        assertThat(lists.count(ids.of("item-2000"))).isEqualTo(2001);
        assertThat(lists.list(ids.of("item-1500")).count()).isEqualTo(1501);
    }
}
