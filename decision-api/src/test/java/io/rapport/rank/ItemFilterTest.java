package io.rapport.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rapport.catalog.CatalogItem;
import io.rapport.copurchase.ItemSnapshot;
import io.rapport.store.CatalogView;
import io.rapport.store.ItemView;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ItemFilterTest {
    private final ItemView items = new ItemView();
    private final CatalogView catalog = new CatalogView();
    private final ItemFacts facts = new ItemFacts(items, catalog);

    ItemFilterTest() {
        for (String[] item : new String[][] {
            {"butter", "dairy"},
            {"yogurt", "dairy"},
            {"cream", "dairy"},
            {"bread", "bakery"},
            {"rolls", "bakery"},
            {"mystery", null}
        }) {
            items.put(new ItemSnapshot(item[0], item[1], 10, 0, 0, List.of(), 0));
        }
    }

    private static List<RankedItem> ranked(String... ids) {
        return java.util.Arrays.stream(ids)
                .map(id -> new RankedItem(id, 1, 1, "r"))
                .toList();
    }

    private List<String> pick(ItemFilter filter, int limit, Set<String> owned) {
        return filter
                .pick(ranked("butter", "yogurt", "bread", "cream", "mystery", "rolls"), limit, owned, facts, id -> true)
                .stream()
                .map(RankedItem::itemId)
                .toList();
    }

    @Test
    void defaultRemovesOnlyOwnedItems() {
        assertThat(pick(ItemFilter.DEFAULT, 10, Set.of("yogurt")))
                .containsExactly("butter", "bread", "cream", "mystery", "rolls");
        assertThat(pick(ItemFilter.DEFAULT, 2, Set.of())).containsExactly("butter", "yogurt");
    }

    @Test
    void keepsOwnedItemsWhenAskedTo() {
        ItemFilter keepOwned = new ItemFilter(Set.of(), Set.of(), false, false, 0);
        assertThat(pick(keepOwned, 10, Set.of("yogurt"))).contains("yogurt");
    }

    @Test
    void categoryKeepsOnlyThoseCategoriesAndUnknownCategoriesNever() {
        assertThat(pick(new ItemFilter(Set.of("bakery"), Set.of(), true, false, 0), 10, Set.of()))
                .containsExactly("bread", "rolls");
        assertThat(pick(new ItemFilter(Set.of("bakery", "dairy"), Set.of(), true, false, 0), 10, Set.of()))
                .doesNotContain("mystery")
                .hasSize(5);
    }

    @Test
    void excludeCategoryLeavesThemOutAndKeepsUnknownCategories() {
        assertThat(pick(new ItemFilter(Set.of(), Set.of("dairy"), true, false, 0), 10, Set.of()))
                .containsExactly("bread", "mystery", "rolls");
    }

    @Test
    void diversityCapKeepsTheBestOfEachCategoryAndDoesNotCapUnknownOnes() {
        assertThat(pick(new ItemFilter(Set.of(), Set.of(), true, false, 1), 10, Set.of()))
                .containsExactly("butter", "bread", "mystery");
        assertThat(pick(new ItemFilter(Set.of(), Set.of(), true, false, 2), 3, Set.of()))
                .containsExactly("butter", "yogurt", "bread");
        assertThat(pick(new ItemFilter(Set.of(), Set.of(), true, false, 2), 10, Set.of()))
                .containsExactly("butter", "yogurt", "bread", "mystery", "rolls");
    }

    @Test
    void inStockKeepsOnlyItemsTheCatalogueHoldsInStock() {
        catalog.put(new CatalogItem("bread", "Bread", "bakery", 2, true));
        catalog.put(new CatalogItem("butter", "Butter", "dairy", 3, false));
        assertThat(pick(new ItemFilter(Set.of(), Set.of(), true, true, 0), 10, Set.of()))
                .containsExactly("bread");
    }

    @Test
    void catalogueCategoryWinsOverTheCategorySeenOnEvents() {
        catalog.put(new CatalogItem("cream", "Cream", "bakery", 2, true));
        assertThat(facts.category("cream")).isEqualTo("bakery");
        assertThat(facts.name("cream")).isEqualTo("Cream");
        assertThat(facts.name("butter")).isEqualTo("butter");
        assertThat(pick(new ItemFilter(Set.of("bakery"), Set.of(), true, false, 0), 10, Set.of()))
                .containsExactly("bread", "cream", "rolls");
    }

    @Test
    void refusesANegativeCap() {
        assertThatThrownBy(() -> new ItemFilter(Set.of(), Set.of(), true, false, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void caps_onlyWithAPositiveMaxPerCategory() {
        assertThat(ItemFilter.DEFAULT.caps()).isFalse();
        assertThat(new ItemFilter(Set.of(), Set.of(), true, false, 1).caps()).isTrue();
    }

    @Test
    void checksOwnedItemsOnly_unlessACategoryOrStockFilterIsSet() {
        assertThat(ItemFilter.DEFAULT.checksOwnedItemsOnly()).isTrue();
        assertThat(new ItemFilter(Set.of(), Set.of(), false, false, 3).checksOwnedItemsOnly())
                .as("keeping owned items and the diversity cap look at no item's facts")
                .isTrue();
        assertThat(new ItemFilter(Set.of("dairy"), Set.of(), true, false, 0).checksOwnedItemsOnly())
                .isFalse();
        assertThat(new ItemFilter(Set.of(), Set.of("dairy"), true, false, 0).checksOwnedItemsOnly())
                .isFalse();
        assertThat(new ItemFilter(Set.of(), Set.of(), true, true, 0).checksOwnedItemsOnly())
                .isFalse();
    }
}
