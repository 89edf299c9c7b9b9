package io.rapport.rank;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.catalog.CatalogItem;
import io.rapport.copurchase.CustomerItems;
import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.profile.CategoryAffinity;
import io.rapport.profile.CustomerProfile;
import io.rapport.profile.FeedbackSummary;
import io.rapport.profile.JourneyStage;
import io.rapport.profile.OfferResponses;
import io.rapport.rank.PersonalRecommender.Recommendations;
import io.rapport.store.Views;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecommendationCacheTest {
    private final Views views = Views.empty();
    private final ItemFacts facts = new ItemFacts(views.items(), views.catalog());
    private final PopularItems popular = new PopularItems(views.items(), 100, facts);
    private final PersonalRecommender recommender =
            new PersonalRecommender(views.items(), views.customers(), views.profiles(), popular, facts);
    private final RecommendationCache cache =
            new RecommendationCache(recommender, views.customers(), facts, 100, Runnable::run);

    private void item(String id, String category, long buyers, NeighbourCount... neighbours) {
        views.items().put(new ItemSnapshot(id, category, buyers, 0, 0, List.of(neighbours), 0));
    }

    private static NeighbourCount n(String id, long both) {
        return new NeighbourCount(id, both);
    }

    private void bought(String customerId, String... oldestFirst) {
        views.customers().put(new CustomerItems(customerId, List.of(oldestFirst)));
    }

    private static List<String> ids(Recommendations answer) {
        return answer.items().stream().map(RankedItem::itemId).toList();
    }

    @BeforeEach
    void fill() {
        item("bread", "bakery", 100, n("butter", 40), n("jam", 20));
        item("tea", "drinks", 80, n("biscuits", 30), n("jam", 10));
        item("butter", "dairy", 60, n("bread", 40));
        item("jam", "spreads", 25, n("bread", 20), n("tea", 10));
        item("biscuits", "bakery", 40, n("tea", 30));
        popular.refresh();
        views.customers().onChange(cache::invalidate);
        views.profiles().onChange(cache::invalidate);
        views.catalog().onChange(cache::catalogueChanged);
    }

    @Test
    void sameQueryOfAnUnchangedCustomer_isServedFromTheCache() {
        bought("c-1", "bread");
        Recommendations first = cache.recommend("c-1", 2, ItemFilter.DEFAULT);

        assertThat(cache.recommend("c-1", 2, ItemFilter.DEFAULT)).isSameAs(first);
        assertThat(cache.recommend("c-1", 1, ItemFilter.DEFAULT)).isNotSameAs(first);
    }

    @Test
    void purchase_dropsTheCustomersAnswersAtOnce() {
        bought("c-1", "bread");
        assertThat(ids(cache.recommend("c-1", 2, ItemFilter.DEFAULT))).containsExactly("butter", "jam");

        bought("c-1", "bread", "butter");

        assertThat(ids(cache.recommend("c-1", 2, ItemFilter.DEFAULT)))
                .doesNotContain("butter")
                .isEqualTo(ids(recommender.recommend("c-1", 2)));
    }

    @Test
    void erasure_dropsTheCustomersAnswers() {
        bought("c-1", "bread");
        cache.recommend("c-1", 2, ItemFilter.DEFAULT);

        views.customers().remove("c-1");

        assertThat(cache.recommend("c-1", 2, ItemFilter.DEFAULT).strategy()).isEqualTo(Strategy.POPULAR);
    }

    @Test
    void profileChange_dropsTheCustomersAnswers() {
        bought("c-1", "bread");
        Recommendations before = cache.recommend("c-1", 2, ItemFilter.DEFAULT);

        views.profiles()
                .put(new CustomerProfile(
                        "c-1",
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        null,
                        JourneyStage.CARTED,
                        List.of(new CategoryAffinity("spreads", 5.0)),
                        List.of(),
                        List.of(),
                        null,
                        Map.of(),
                        FeedbackSummary.NONE,
                        OfferResponses.NONE,
                        0));

        assertThat(cache.recommend("c-1", 2, ItemFilter.DEFAULT)).isNotSameAs(before);
    }

    @Test
    void otherCustomersChange_keepsTheAnswer() {
        bought("c-1", "bread");
        Recommendations first = cache.recommend("c-1", 2, ItemFilter.DEFAULT);

        bought("c-2", "tea");

        assertThat(cache.recommend("c-1", 2, ItemFilter.DEFAULT)).isSameAs(first);
    }

    @Test
    void anotherCustomersPurchase_ofASourceItem_showsInTheNextAnswer() {
        bought("c-1", "bread");
        Recommendations first = cache.recommend("c-1", 3, ItemFilter.DEFAULT);
        assertThat(ids(first)).containsExactly("butter", "jam", "biscuits"); // biscuits: popular in bakery

        // another customer bought bread with honey: bread's snapshot now counts the new pair
        item("honey", "spreads", 1, n("bread", 1));
        item("bread", "bakery", 101, n("butter", 40), n("jam", 20), n("honey", 1));

        Recommendations next = cache.recommend("c-1", 3, ItemFilter.DEFAULT);
        assertThat(next).isNotSameAs(first);
        assertThat(ids(next)).contains("honey").isEqualTo(ids(recommender.recommend("c-1", 3)));
        assertThat(cache.recommend("c-1", 3, ItemFilter.DEFAULT))
                .as("served from the cache again while nothing of the customer's changes")
                .isSameAs(next);
    }

    @Test
    void aChangeOfAnItemTheCustomerNeverHad_keepsAPersonalAnswer() {
        bought("c-1", "bread");
        Recommendations first = cache.recommend("c-1", 2, ItemFilter.DEFAULT);
        assertThat(first.fromPopularLists()).isFalse();

        item("biscuits", "bakery", 41, n("tea", 31));
        popular.refresh();

        assertThat(cache.recommend("c-1", 2, ItemFilter.DEFAULT)).isSameAs(first);
    }

    @Test
    void aFallbackAnswer_followsThePopularListsAtTheirNextRefresh() {
        Recommendations cold = cache.recommend("c-9", 2, ItemFilter.DEFAULT);
        assertThat(cold.strategy()).isEqualTo(Strategy.POPULAR);
        assertThat(ids(cold)).containsExactly("bread", "tea");

        item("milk", "dairy", 500);
        assertThat(cache.recommend("c-9", 2, ItemFilter.DEFAULT))
                .as("the popular lists are not recomputed yet")
                .isSameAs(cold);

        popular.refresh();
        assertThat(ids(cache.recommend("c-9", 2, ItemFilter.DEFAULT))).containsExactly("milk", "bread");
    }

    @Test
    void anItemBackInStock_orRenamed_showsInTheNextAnswer() {
        ItemFilter inStock = new ItemFilter(Set.of(), Set.of(), true, true, 0);
        views.catalog().put(new CatalogItem("bread", "Bread", "bakery", 1.0, true));
        views.catalog().put(new CatalogItem("butter", "Butter", "dairy", 2.0, false));
        views.catalog().put(new CatalogItem("jam", "Jam", "spreads", 3.0, true));
        bought("c-1", "bread");
        assertThat(ids(cache.recommend("c-1", 2, inStock))).containsExactly("jam");

        views.catalog().put(new CatalogItem("butter", "Butter", "dairy", 2.0, true));
        assertThat(ids(cache.recommend("c-1", 2, inStock))).containsExactly("butter", "jam");

        views.catalog().put(new CatalogItem("bread", "Sourdough", "bakery", 1.0, true));
        assertThat(cache.recommend("c-1", 2, inStock).items().get(0).reason()).contains("Sourdough");
    }

    @Test
    void cachedItemNowRefusedByTheFilter_isComputedAgain() {
        ItemFilter inStock = new ItemFilter(Set.of(), Set.of(), true, true, 0);
        views.catalog().put(new CatalogItem("butter", "Butter", "dairy", 2.0, true));
        views.catalog().put(new CatalogItem("jam", "Jam", "spreads", 3.0, true));
        bought("c-1", "bread");
        assertThat(ids(cache.recommend("c-1", 2, inStock))).containsExactly("butter", "jam");

        views.catalog().put(new CatalogItem("butter", "Butter", "dairy", 2.0, false));

        assertThat(ids(cache.recommend("c-1", 2, inStock)))
                .doesNotContain("butter")
                .contains("jam");
    }
}
