package io.rapport.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rapport.catalog.CatalogItem;
import io.rapport.copurchase.ItemSnapshot;
import io.rapport.rank.PopularItems.CategoryItem;
import io.rapport.store.Views;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PopularItemsTest {
    private final Views views = Views.empty();
    private final PopularItems popular =
            new PopularItems(views.items(), 10, new ItemFacts(views.items(), views.catalog()));

    private void item(String id, String category, long buyers, long recentBuyers) {
        views.items().put(new ItemSnapshot(id, category, buyers, 0, 0, List.of(), 0, 0, recentBuyers));
    }

    @Test
    void categoryLists_rankByRecentBuyers_thenBuyers_thenItemId() {
        item("bread", "bakery", 100, 1);
        item("rolls", "bakery", 50, 9);
        item("scones", "bakery", 30, 9);
        item("buns", "bakery", 30, 9);
        item("cake", "bakery", 80, 0);
        popular.refresh();

        assertThat(popular.inCategory("bakery"))
                .containsExactly(
                        new CategoryItem("rolls", 50, 9),
                        new CategoryItem("buns", 30, 9),
                        new CategoryItem("scones", 30, 9),
                        new CategoryItem("bread", 100, 1),
                        new CategoryItem("cake", 80, 0));
        assertThat(popular.inCategory("dairy")).isEmpty();
    }

    @Test
    void popularOverall_staysByAllTimeBuyers() {
        item("bread", "bakery", 100, 1);
        item("rolls", "bakery", 50, 9);
        popular.refresh();

        assertThat(popular.top(2, Set.of())).extracting(RankedItem::itemId).containsExactly("bread", "rolls");
    }

    @Test
    void snapshotsWithoutRecentBuyers_rankByBuyers() {
        views.items().put(new ItemSnapshot("rolls", "bakery", 50, 0, 0, List.of(), 0));
        views.items().put(new ItemSnapshot("bread", "bakery", 100, 0, 0, List.of(), 0));
        popular.refresh();

        assertThat(popular.inCategory("bakery"))
                .extracting(CategoryItem::itemId)
                .containsExactly("bread", "rolls");
    }

    @Test
    void refresh_recomputesOnlyAfterAnItemOrItsCatalogueRecordChanged() {
        item("bread", "bakery", 100, 1);
        item("milk", "dairy", 50, 9);
        popular.refresh();
        List<RankedItem> ranked = popular.ranked();

        popular.refresh();
        assertThat(popular.ranked()).isSameAs(ranked);

        item("milk", "dairy", 150, 9);
        popular.refresh();
        assertThat(popular.ranked()).extracting(RankedItem::itemId).containsExactly("milk", "bread");

        views.catalog().put(new CatalogItem("milk", "Whole milk", "bakery", 1.0, true));
        popular.refresh();
        assertThat(popular.inCategory("bakery"))
                .extracting(CategoryItem::itemId)
                .containsExactly("milk", "bread");
        assertThat(popular.inCategory("dairy")).isEmpty();

        views.items().remove("milk");
        popular.refresh();
        assertThat(popular.ranked()).extracting(RankedItem::itemId).containsExactly("bread");
    }

    @Test
    void aDepthOfOne_keepsOnlyTheMostBoughtItem_andADepthBelowOneIsRefused() {
        item("bread", "bakery", 100, 1);
        item("rolls", "bakery", 50, 9);
        item("milk", "dairy", 80, 0);
        PopularItems one = new PopularItems(views.items(), 1, new ItemFacts(views.items(), views.catalog()));
        one.refresh();

        assertThat(one.ranked()).extracting(RankedItem::itemId).containsExactly("bread");
        assertThat(one.top(5, Set.of("bread")))
                .as("the only item kept is excluded")
                .isEmpty();
        assertThatThrownBy(() -> new PopularItems(views.items(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("depth must be positive: 0");
    }

    @Test
    void aDepthOfTwo_keepsTheTwoMostBought() {
        item("bread", "bakery", 100, 1);
        item("rolls", "bakery", 50, 9);
        item("milk", "dairy", 80, 0);
        PopularItems two = new PopularItems(views.items(), 2, new ItemFacts(views.items(), views.catalog()));
        two.refresh();

        // 100 and 80 buyers; rolls (50) falls off the kept two
        assertThat(two.ranked()).extracting(RankedItem::itemId).containsExactly("bread", "milk");
    }

    @Test
    void anItemWithoutBuyers_isNotPopular() {
        item("bread", "bakery", 1, 0);
        item("ghost", "bakery", 0, 0);
        popular.refresh();

        assertThat(popular.ranked()).extracting(RankedItem::itemId).containsExactly("bread");
        assertThat(popular.ranked().get(0).reason()).isEqualTo("popular: bought by 1 customer");
        assertThat(popular.inCategory("bakery"))
                .extracting(CategoryItem::itemId)
                .containsExactly("bread");
    }

    @Test
    void refreshes_countsThePassesThatRecomputed() {
        assertThat(popular.refreshes()).isZero();
        item("bread", "bakery", 100, 1);
        popular.refresh();
        popular.refresh(); // nothing changed: not a recomputation
        assertThat(popular.refreshes()).isEqualTo(1);
        item("bread", "bakery", 101, 1);
        popular.refresh();
        assertThat(popular.refreshes()).isEqualTo(2);
    }
}
