package io.rapport.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.rapport.catalog.CatalogItem;
import io.rapport.copurchase.CustomerItems;
import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.copurchase.TimeDecay;
import io.rapport.copurchase.Totals;
import io.rapport.coview.CoViewCount;
import io.rapport.coview.CoViewSnapshot;
import io.rapport.profile.CategoryAffinity;
import io.rapport.profile.CustomerProfile;
import io.rapport.profile.FeedbackSummary;
import io.rapport.profile.JourneyStage;
import io.rapport.profile.OfferResponses;
import io.rapport.profile.RecentItem;
import io.rapport.rank.PersonalRecommender.Recommendations;
import io.rapport.rank.PersonalRecommender.Settings;
import io.rapport.store.Views;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PersonalRecommenderTest {
    /** Exponent 1.5, category weight 0.25 as the defaults, but a decay of 0.5 to make recency visible. */
    private static final Settings SETTINGS = new Settings(200, 0.5, 1.5, 0.25);
    /** The default weight of a viewed item. */
    private static final double VIEW = Settings.VIEW_WEIGHT;

    private final Views views = Views.empty();
    private final ItemFacts facts = new ItemFacts(views.items(), views.catalog());
    private final PopularItems popular = new PopularItems(views.items(), 100, facts);
    private final PersonalRecommender recommender = recommender(SETTINGS, Runnable::run);

    /** A recommender on this test's views. */
    private PersonalRecommender recommender(Settings settings, Executor maintenance) {
        return new PersonalRecommender(
                views.items(),
                views.coViews(),
                views.customers(),
                views.profiles(),
                popular,
                facts,
                settings,
                PersonalRecommender.DEFAULT_CACHE_SIZE,
                maintenance);
    }

    private void item(String id, String category, long buyers, NeighbourCount... neighbours) {
        views.items().put(new ItemSnapshot(id, category, buyers, 0, 0, List.of(neighbours), 0));
    }

    private static NeighbourCount n(String id, long both) {
        return new NeighbourCount(id, both);
    }

    private void bought(String customerId, String... oldestFirst) {
        views.customers().put(new CustomerItems(customerId, List.of(oldestFirst)));
    }

    private void profile(String customerId, CategoryAffinity... topCategories) {
        views.profiles()
                .put(new CustomerProfile(
                        customerId,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        null,
                        JourneyStage.CARTED,
                        List.of(topCategories),
                        List.of(),
                        List.of(),
                        null,
                        Map.of(),
                        FeedbackSummary.NONE,
                        OfferResponses.NONE,
                        0));
    }

    /** A profile without top categories whose recent items are {@code newestFirst}. */
    private void browsed(String customerId, RecentItem... newestFirst) {
        views.profiles()
                .put(new CustomerProfile(
                        customerId,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        null,
                        JourneyStage.BROWSING,
                        List.of(),
                        List.of(newestFirst),
                        List.of(),
                        null,
                        Map.of(),
                        FeedbackSummary.NONE,
                        OfferResponses.NONE,
                        0));
    }

    private static RecentItem viewed(String itemId) {
        return new RecentItem(itemId, null, "view", 0);
    }

    private static RecentItem carted(String itemId) {
        return new RecentItem(itemId, null, "add_to_cart", 0);
    }

    private static RecentItem purchased(String itemId) {
        return new RecentItem(itemId, null, "purchase", 0);
    }

    private void coViewed(String id, long sessions, CoViewCount... neighbours) {
        views.coViews().put(new CoViewSnapshot(id, null, sessions, List.of(neighbours), 0));
    }

    private static double cosine(long both, long buyersA, long buyersB) {
        return both / Math.sqrt((double) buyersA * buyersB);
    }

    /** What an owned item's list spreads its weight over: the sum of its powered, normalised cosines. */
    private static double mass(double... powered) {
        double sum = 0;
        for (double p : powered) {
            sum += p;
        }
        return sum;
    }

    /** The fixture's tea lists biscuits (its strongest) and jam. */
    private static final double TEA_MASS = mass(1.0, Math.pow(cosine(10, 80, 25) / cosine(30, 80, 40), 1.5));
    /** The fixture's bread lists butter (its strongest) and jam. */
    private static final double BREAD_MASS = mass(1.0, Math.pow(cosine(20, 100, 25) / cosine(40, 100, 60), 1.5));

    private static RankedItem find(Recommendations answer, String itemId) {
        return answer.items().stream()
                .filter(i -> i.itemId().equals(itemId))
                .findFirst()
                .orElseThrow();
    }

    private Recommendations recommend(String customerId, int limit) {
        popular.refresh();
        return recommender.recommend(customerId, limit);
    }

    @BeforeEach
    void fill() {
        views.totals().put(new Totals(1000));
        item("bread", "bakery", 100, n("butter", 40), n("jam", 20));
        item("tea", "drinks", 80, n("biscuits", 30), n("jam", 10));
        item("butter", "dairy", 60, n("bread", 40));
        item("jam", "spreads", 25, n("bread", 20), n("tea", 10));
        item("biscuits", "bakery", 40, n("tea", 30));
        item("rolls", "bakery", 50);
        item("whole milk", "dairy", 800);
    }

    @Test
    void candidatesAreScoredByNormalisedCosinesOfEveryOwnedItem_weightedByRecency() {
        bought("c-1", "bread", "tea"); // tea is the newest (weight 1), bread before it (weight 0.5)

        Recommendations answer = recommend("c-1", 10);

        assertThat(answer.strategy()).isEqualTo(Strategy.PERSONAL);
        // each owned item's cosines over its strongest: tea's strongest is biscuits, bread's butter
        double tea = cosine(30, 80, 40);
        double bread = cosine(40, 100, 60);
        double jamFromTea = Math.pow(cosine(10, 80, 25) / tea, 1.5);
        double jamFromBread = 0.5 * Math.pow(cosine(20, 100, 25) / bread, 1.5);
        // each owned item spreads its weight over its list: divided by the list's sum
        // category shares from the history, weighted like the items: drinks 1/1.5, bakery 0.5/1.5
        assertThat(find(answer, "biscuits").score()).isCloseTo(1.0 / TEA_MASS * (1 + 0.25 * (0.5 / 1.5)), offset(1e-4));
        assertThat(find(answer, "butter").score()).isCloseTo(0.5 * 1.0 / BREAD_MASS, offset(1e-4));
        assertThat(find(answer, "jam").score())
                .isCloseTo(jamFromTea / TEA_MASS + jamFromBread / BREAD_MASS, offset(1e-4));
        assertThat(answer.items())
                .extracting(RankedItem::itemId)
                .startsWith("biscuits", "jam", "butter")
                .doesNotContain("bread", "tea");
    }

    @Test
    void eachOwnedItemSpreadsTheSameWeightOverItsList_soALongListDoesNotOutweighAShortOne() {
        item("rolls", "bakery", 50, n("honey", 10));
        item("honey", "spreads", 20);
        bought("c-1", "rolls", "bread"); // bread lists two neighbours, rolls one; decay 0.5 for rolls

        Recommendations answer = recommend("c-1", 10);

        // (scores are rounded to four decimals) bread's weight 1 is shared by butter and jam; rolls' 0.5 goes to honey
        // alone
        assertThat(find(answer, "butter").score() + find(answer, "jam").score()).isCloseTo(1.0, offset(1e-4));
        assertThat(find(answer, "honey").score()).isCloseTo(0.5, offset(1e-4));
        assertThat(find(answer, "butter").score()).isCloseTo(1.0 / BREAD_MASS, offset(1e-4));
    }

    @Test
    void reasonNamesTheOwnedItemThatContributedMostWithItsEvidence() {
        bought("c-1", "bread", "tea");

        RankedItem jam = find(recommend("c-1", 10), "jam");

        // from tea 0.274 / 1.274 = 0.215, from bread 0.5 × 0.682 / 1.682 = 0.203: tea is the reason
        assertThat(jam.reason()).isEqualTo("because you bought tea: 10 customers bought both (cosine 0.224)");
        assertThat(jam.coPurchases()).isEqualTo(10);
    }

    @Test
    void pairLeftOutOfAPopularItemsList_isFoundInTheCandidatesOwnList() {
        // whole milk publishes one neighbour (bread, 50); its pair with biscuits (5) is only in biscuits' list.
        item("whole milk", "dairy", 800, n("bread", 50));
        item("biscuits", "bakery", 40, n("tea", 30), n("whole milk", 5));
        bought("c-1", "whole milk", "tea");

        Recommendations answer = recommend("c-1", 10);

        double milkStrongest = cosine(50, 800, 100);
        double fromMilk = 0.5 * Math.pow(cosine(5, 800, 40) / milkStrongest, 1.5); // milk's list: bread alone
        double fromTea = 1.0 / TEA_MASS;
        // categories dairy and drinks: biscuits (bakery) gets no lift
        assertThat(find(answer, "biscuits").score()).isCloseTo(fromTea + fromMilk, offset(1e-4));
    }

    @Test
    void categoryBlend_liftsCandidatesOfTheCustomersCategories() {
        item("tea", "drinks", 80, n("yogurt", 20), n("coffee", 20));
        item("yogurt", "dairy", 50);
        item("coffee", "drinks", 50);
        item("cheese", "dairy", 30);
        item("cream", "dairy", 30);
        bought("c-1", "cheese", "cream", "tea");

        Recommendations fromHistory = recommend("c-1", 2);

        // equal cosines, so tea spreads 0.5 to each; shares with weights 1 (tea), 0.5 (cream), 0.25 (cheese):
        // drinks 1/1.75, dairy 0.75/1.75
        assertThat(fromHistory.items()).extracting(RankedItem::itemId).containsExactly("coffee", "yogurt");
        assertThat(fromHistory.items().get(0).score()).isCloseTo(0.5 * (1 + 0.25 / 1.75), offset(1e-4));
        assertThat(fromHistory.items().get(1).score()).isCloseTo(0.5 * (1 + 0.25 * 0.75 / 1.75), offset(1e-4));

        // a profile's top categories (views, carts and purchases) win over the history
        profile("c-1", new CategoryAffinity("dairy", 9), new CategoryAffinity("drinks", 1));
        Recommendations fromProfile = recommend("c-1", 2);
        assertThat(fromProfile.items()).extracting(RankedItem::itemId).containsExactly("yogurt", "coffee");
        assertThat(fromProfile.items().get(0).score()).isCloseTo(0.5 * (1 + 0.25 * 0.9), offset(1e-4));
    }

    @Test
    void customerWithoutHistoryOrProfile_getsPopularItemsAndTheStrategySaysSo() {
        Recommendations answer = recommend("stranger", 2);

        assertThat(answer.strategy()).isEqualTo(Strategy.POPULAR);
        assertThat(answer.items()).extracting(RankedItem::itemId).containsExactly("whole milk", "bread");
        assertThat(answer.items().get(0).reason()).isEqualTo("popular: bought by 800 customers");
    }

    @Test
    void browserWithoutPurchases_getsPopularItemsOfTheirCategoriesFirst() {
        profile("browser", new CategoryAffinity("bakery", 3), new CategoryAffinity("spreads", 1));

        Recommendations answer = recommend("browser", 5);

        assertThat(answer.strategy()).isEqualTo(Strategy.POPULAR_IN_CATEGORY);
        // share × buyers: bread 0.75 × 100, rolls 0.75 × 50, biscuits 0.75 × 40, jam 0.25 × 25; then popular
        assertThat(answer.items())
                .extracting(RankedItem::itemId)
                .containsExactly("bread", "rolls", "biscuits", "jam", "whole milk");
        assertThat(answer.items().get(0).score()).isCloseTo(75, offset(1e-9));
        assertThat(answer.items().get(0).reason())
                .isEqualTo("popular in bakery, one of your categories: bought by 100 customers");
        assertThat(answer.items().get(4).reason()).isEqualTo("popular: bought by 800 customers");
    }

    @Test
    void buyerOfItemsWithoutNeighbours_getsPopularItemsOfTheCategoriesTheyBuy() {
        item("caviar", "deli", 2);
        item("salmon", "deli", 9);
        bought("c-1", "caviar");

        Recommendations answer = recommend("c-1", 2);

        assertThat(answer.strategy()).isEqualTo(Strategy.POPULAR_IN_CATEGORY);
        assertThat(answer.items()).extracting(RankedItem::itemId).containsExactly("salmon", "whole milk");
    }

    @Test
    void shortPersonalAnswer_isFilledFromTheFallbackChain() {
        bought("c-1", "biscuits");

        Recommendations answer = recommend("c-1", 3);

        assertThat(answer.strategy()).isEqualTo(Strategy.PERSONAL);
        // tea from co-purchases, then the bakery items the customer does not own, then popular
        assertThat(answer.items()).extracting(RankedItem::itemId).containsExactly("tea", "bread", "rolls");
        assertThat(answer.items().get(0).reason()).startsWith("because you bought biscuits: 30 customers");
        assertThat(answer.items().get(1).reason()).startsWith("popular in bakery");
    }

    @Test
    void ownedItemsAreNeverRecommended_unlessExcludePurchasedIsOff() {
        bought("c-1", "bread", "butter");

        assertThat(recommend("c-1", 10).items())
                .extracting(RankedItem::itemId)
                .contains("jam")
                .doesNotContain("bread", "butter");
        ItemFilter keepOwned = new ItemFilter(Set.of(), Set.of(), false, false, 0);
        // butter (newest) lists bread as its strongest neighbour: bread comes first
        Recommendations again = recommender.recommend("c-1", 2, keepOwned);
        assertThat(again.items()).extracting(RankedItem::itemId).containsExactly("bread", "butter");
        // the customers who bought both include this one: the reason says so
        assertThat(again.items())
                .extracting(RankedItem::reason)
                .allMatch(reason -> reason.endsWith("; you bought it too"));
        assertThat(recommend("c-1", 10).items())
                .extracting(RankedItem::reason)
                .noneMatch(reason -> reason.contains("too"));
    }

    @Test
    void filtersApplyToEveryStepOfTheChain() {
        bought("c-1", "bread", "tea");
        popular.refresh();

        ItemFilter bakeryOnly = new ItemFilter(Set.of("bakery"), Set.of(), true, false, 0);
        assertThat(recommender.recommend("c-1", 3, bakeryOnly).items())
                .extracting(RankedItem::itemId)
                .containsExactly("biscuits", "rolls");
        ItemFilter noBakery = new ItemFilter(Set.of(), Set.of("bakery"), true, false, 0);
        assertThat(recommender.recommend("c-1", 10, noBakery).items())
                .extracting(RankedItem::itemId)
                .doesNotContain("biscuits", "rolls")
                .startsWith("jam", "butter");
        ItemFilter onePerCategory = new ItemFilter(Set.of(), Set.of(), true, false, 1);
        assertThat(recommender.recommend("c-1", 4, onePerCategory).items())
                .extracting(RankedItem::itemId)
                .containsExactly("biscuits", "jam", "butter");
    }

    @Test
    void limitIsRespected() {
        bought("c-1", "bread", "tea");

        assertThat(recommend("c-1", 1).items()).extracting(RankedItem::itemId).containsExactly("biscuits");
    }

    @Test
    void changedSnapshotOfAnOwnedItem_showsInTheNextAnswer() {
        bought("c-1", "bread");
        assertThat(recommend("c-1", 1).items()).extracting(RankedItem::itemId).containsExactly("butter");

        item("bread", "bakery", 100, n("rolls", 45), n("butter", 40));

        assertThat(recommend("c-1", 1).items()).extracting(RankedItem::itemId).containsExactly("rolls");
    }

    @Test
    void recommenderMadeAfterTheViewsFilled_readsTheirListsAsOneMadeBefore_andFollowsTheirChanges() {
        bought("c-1", "bread", "jam");
        browsed("c-1", viewed("biscuits"));
        coViewed("biscuits", 12, new CoViewCount("rolls", 6));
        coViewed("rolls", 20, new CoViewCount("biscuits", 6));
        PersonalRecommender late = recommender(SETTINGS, Runnable::run);

        Recommendations before = recommend("c-1", 10);
        assertThat(before.items()).extracting(RankedItem::itemId).contains("butter", "tea", "rolls");
        assertThat(late.recommend("c-1", 10)).isEqualTo(before);

        item("bread", "bakery", 100, n("whole milk", 45), n("butter", 40));
        item("tea", "drinks", 90, n("biscuits", 30), n("jam", 10));

        Recommendations after = recommend("c-1", 10);
        assertThat(after.items()).extracting(RankedItem::itemId).contains("whole milk");
        assertThat(after).isNotEqualTo(before);
        assertThat(late.recommend("c-1", 10)).isEqualTo(after);
    }

    @Test
    void cacheUpkeepRunsOnTheGivenExecutor_andAChangedSnapshotShowsBeforeItRuns() {
        List<Runnable> upkeep = new ArrayList<>();
        PersonalRecommender deferred = recommender(SETTINGS, upkeep::add);
        bought("c-1", "bread");
        assertThat(deferred.recommend("c-1", 1).items())
                .extracting(RankedItem::itemId)
                .containsExactly("butter");

        // The view tells the recommender, which drops bread's cached list.
        item("bread", "bakery", 100, n("rolls", 45), n("butter", 40));

        // The removal of bread's old list waits in the executor; the answer must not use that list.
        assertThat(upkeep).isNotEmpty();
        assertThat(deferred.recommend("c-1", 1).items())
                .extracting(RankedItem::itemId)
                .containsExactly("rolls");
        upkeep.forEach(Runnable::run);
        assertThat(deferred.recommend("c-1", 1).items())
                .extracting(RankedItem::itemId)
                .containsExactly("rolls");
        assertThat(deferred.cache().asMap()).containsKey("bread");
    }

    @Test
    void customerWithOnlyViews_getsPersonalRecommendationsBecauseTheyViewed() {
        browsed("browser", viewed("tea"));

        Recommendations answer = recommend("browser", 2);

        assertThat(answer.strategy()).isEqualTo(Strategy.PERSONAL);
        assertThat(answer.items()).extracting(RankedItem::itemId).containsExactly("biscuits", "jam");
        // a view weighs VIEW_WEIGHT (0.1); tea's strongest neighbour is biscuits; no categories to blend
        assertThat(answer.items().get(0).score()).isCloseTo(VIEW / TEA_MASS, offset(1e-4));
        assertThat(answer.items().get(0).reason())
                .isEqualTo("because you viewed tea: 30 customers bought both (cosine 0.530)");
        assertThat(answer.items().get(0).coPurchases()).isEqualTo(30);
    }

    @Test
    void coViewNeighboursOfAViewedItem_areCandidatesWithSessionEvidence() {
        // rolls has no co-purchases; it was viewed with butter in 12 sessions and with jam in 3
        coViewed("rolls", 40, new CoViewCount("butter", 12), new CoViewCount("jam", 3));
        coViewed("butter", 30);
        coViewed("jam", 10);
        browsed("browser", viewed("rolls"));

        Recommendations answer = recommend("browser", 2);

        double butter = cosine(12, 40, 30);
        double jam = Math.pow(cosine(3, 40, 10) / butter, 1.5);
        assertThat(answer.strategy()).isEqualTo(Strategy.PERSONAL);
        assertThat(answer.items()).extracting(RankedItem::itemId).containsExactly("butter", "jam");
        assertThat(answer.items().get(0).score()).isCloseTo(VIEW / mass(1.0, jam), offset(1e-4));
        assertThat(answer.items().get(1).score()).isCloseTo(VIEW * jam / mass(1.0, jam), offset(1e-4));
        assertThat(answer.items().get(0).reason())
                .isEqualTo("because you viewed rolls: viewed in the same session in 12 sessions (cosine 0.346)");
        assertThat(answer.items().get(0).coPurchases()).isZero();
    }

    @Test
    void viewedItemsWeighLessThanBoughtOnes() {
        bought("c-1", "tea");
        browsed("c-1", viewed("bread"));

        Recommendations answer = recommend("c-1", 10);

        // bought tea: biscuits 1.0 (its strongest); viewed bread: butter VIEW × 1.0 (its strongest)
        assertThat(find(answer, "biscuits").score()).isCloseTo(1.0 / TEA_MASS, offset(1e-4));
        assertThat(find(answer, "butter").score()).isCloseTo(VIEW / BREAD_MASS, offset(1e-4));
        assertThat(find(answer, "butter").reason())
                .isEqualTo("because you viewed bread: 40 customers bought both (cosine 0.516)");
        // jam: from tea 0.274 / 1.274, from the view of bread 0.1 × 0.682 / 1.682: the purchase is the reason
        double jamFromTea = Math.pow(cosine(10, 80, 25) / cosine(30, 80, 40), 1.5);
        double jamFromBread = VIEW * Math.pow(cosine(20, 100, 25) / cosine(40, 100, 60), 1.5);
        assertThat(find(answer, "jam").score())
                .isCloseTo(jamFromTea / TEA_MASS + jamFromBread / BREAD_MASS, offset(1e-4));
        assertThat(find(answer, "jam").reason()).startsWith("because you bought tea:");
        assertThat(answer.items()).extracting(RankedItem::itemId).startsWith("biscuits", "jam", "butter");
    }

    @Test
    void cartWeighsMoreThanAView_andAnItemCountsOnceAtItsStrongestInteraction() {
        browsed("browser", viewed("tea"), carted("tea"), viewed("tea"));

        RankedItem biscuits = find(recommend("browser", 2), "biscuits");

        assertThat(biscuits.score()).isCloseTo(0.25 / TEA_MASS, offset(1e-4));
        assertThat(biscuits.reason())
                .isEqualTo("because you added tea to your cart: 30 customers bought both (cosine 0.530)");
    }

    @Test
    void viewedThenBought_countsAsBoughtOnly() {
        bought("c-1", "bread");
        browsed("c-1", purchased("bread"), viewed("bread"));

        Recommendations answer = recommend("c-1", 10);

        assertThat(find(answer, "butter").score()).isCloseTo(1.0 / BREAD_MASS, offset(1e-4));
        assertThat(find(answer, "butter").reason()).startsWith("because you bought bread:");
        assertThat(answer.items()).extracting(RankedItem::itemId).doesNotContain("bread");
    }

    @Test
    void viewedItemsStayRecommendable_boughtOnesDoNot() {
        browsed("browser", viewed("butter"), viewed("bread"));

        Recommendations answer = recommend("browser", 10);

        // each viewed item is the other's neighbour: "still thinking about it?"; the sessions counted
        // may include the customer's own, as the reason says
        assertThat(find(answer, "bread").reason())
                .startsWith("because you viewed butter:")
                .endsWith("; you viewed it too");
        assertThat(find(answer, "butter").reason())
                .startsWith("because you viewed bread:")
                .endsWith("; you viewed it too");

        bought("browser", "bread");
        assertThat(recommend("browser", 10).items())
                .extracting(RankedItem::itemId)
                .doesNotContain("bread");
    }

    @Test
    void viewWeightZero_leavesViewsOut() {
        PersonalRecommender purchasesOnly = recommender(new Settings(200, 0.5, 1.5, 0.25, 0, 0), Runnable::run);
        browsed("browser", viewed("tea"), carted("bread"));
        popular.refresh();

        assertThat(purchasesOnly.recommend("browser", 2).strategy()).isEqualTo(Strategy.POPULAR);
    }

    @Test
    void catalogueCategoryChange_showsInTheNextAnswersCategoryBlend() {
        item("tea", "drinks", 80, n("yogurt", 20), n("coffee", 20));
        item("yogurt", "dairy", 50);
        item("coffee", "drinks", 50);
        item("cheese", "dairy", 30);
        bought("c-1", "cheese", "tea");
        assertThat(recommend("c-1", 2).items()).extracting(RankedItem::itemId).containsExactly("coffee", "yogurt");

        // the catalogue moves coffee out of the customer's categories: it loses its lift
        views.catalog().put(new CatalogItem("coffee", "Coffee", "pantry", 4.0, true));

        assertThat(recommend("c-1", 2).items()).extracting(RankedItem::itemId).containsExactly("yogurt", "coffee");
    }

    private static final long DAY = 86_400_000L;
    private static final long AS_OF = 1_795_305_600_000L; // 2026-11-22T00:00:00Z

    private PersonalRecommender decaying(Duration halfLife) {
        return recommender(SETTINGS.withTimeDecay(TimeDecay.halfLife(halfLife)), Runnable::run);
    }

    private void datedItem(String id, String category, long buyers, NeighbourCount... neighbours) {
        views.items().put(new ItemSnapshot(id, category, buyers, 0, 0, List.of(neighbours), 0, AS_OF));
    }

    @Test
    void timeDecay_scalesEachCosineByItsPairsAge_beforeDividingByTheStrongest() {
        // butter was last bought with bread two half-lives ago, jam just now
        datedItem(
                "bread",
                "bakery",
                100,
                new NeighbourCount("butter", 40, AS_OF - 60 * DAY),
                new NeighbourCount("jam", 20, AS_OF));
        bought("c-1", "bread");
        popular.refresh();

        Recommendations answer = decaying(Duration.ofDays(30)).recommend("c-1", 10);

        double butter = cosine(40, 100, 60) * 0.25; // 0.129, below jam's 0.4: jam is now the strongest
        double jam = cosine(20, 100, 25);
        assertThat(answer.items()).extracting(RankedItem::itemId).startsWith("jam", "butter");
        double butterPowered = Math.pow(butter / jam, 1.5);
        assertThat(find(answer, "jam").score()).isCloseTo(1.0 / mass(1.0, butterPowered), offset(1e-4));
        assertThat(find(answer, "butter").score()).isCloseTo(butterPowered / mass(1.0, butterPowered), offset(1e-4));
        assertThat(find(answer, "butter").coPurchases()).isEqualTo(40);
        assertThat(find(answer, "butter").reason())
                .isEqualTo("because you bought bread: 40 customers bought both (cosine 0.516)");
    }

    @Test
    void timeDecay_appliesToPairsFoundInTheCandidatesOwnList() {
        // as pairLeftOutOfAPopularItemsList_isFoundInTheCandidatesOwnList, with milk~biscuits one half-life old
        datedItem("whole milk", "dairy", 800, new NeighbourCount("bread", 50, AS_OF));
        datedItem(
                "biscuits",
                "bakery",
                40,
                new NeighbourCount("tea", 30, AS_OF),
                new NeighbourCount("whole milk", 5, AS_OF - 30 * DAY));
        bought("c-1", "whole milk", "tea");
        popular.refresh();

        Recommendations answer = decaying(Duration.ofDays(30)).recommend("c-1", 10);

        double milkStrongest = cosine(50, 800, 100);
        double fromMilk = 0.5 * Math.pow(cosine(5, 800, 40) * 0.5 / milkStrongest, 1.5);
        double fromTea = 1.0 / TEA_MASS;
        assertThat(find(answer, "biscuits").score()).isCloseTo(fromTea + fromMilk, offset(1e-4));
    }

    @Test
    void timeDecay_leavesSnapshotsWithoutTimesAsTheyAre() {
        bought("c-1", "bread", "tea");

        Recommendations plain = recommend("c-1", 10);
        Recommendations decayed = decaying(Duration.ofDays(1)).recommend("c-1", 10);

        assertThat(decayed).isEqualTo(plain);
    }

    @Test
    void settings_withoutTimeDecay_areOff() {
        assertThat(Settings.DEFAULTS.timeDecay()).isEqualTo(TimeDecay.OFF);
        assertThat(SETTINGS.withTimeDecay(TimeDecay.parse("30d")).timeDecay().halfLife())
                .isEqualTo(Duration.ofDays(30));
    }

    private void itemWithRecentBuyers(String id, String category, long buyers, long recentBuyers) {
        views.items().put(new ItemSnapshot(id, category, buyers, 0, 0, List.of(), 0, AS_OF, recentBuyers));
    }

    @Test
    void categoryFallback_ranksByRecentBuyersFirst_thenAllTimeBuyers_thenItemId() {
        itemWithRecentBuyers("bread", "bakery", 100, 2);
        itemWithRecentBuyers("rolls", "bakery", 50, 10);
        itemWithRecentBuyers("biscuits", "bakery", 40, 10);
        itemWithRecentBuyers("scones", "bakery", 40, 10);
        itemWithRecentBuyers("jam", "spreads", 25, 24);
        profile("browser", new CategoryAffinity("bakery", 3), new CategoryAffinity("spreads", 1));

        Recommendations answer = recommend("browser", 6);

        assertThat(answer.strategy()).isEqualTo(Strategy.POPULAR_IN_CATEGORY);
        // share × recent: rolls, biscuits, scones 0.75 × 10 = 7.5 (then by share × buyers 37.5, 30, 30,
        // then itemId), jam 0.25 × 24 = 6, bread 0.75 × 2 = 1.5; then popular overall
        assertThat(answer.items())
                .extracting(RankedItem::itemId)
                .containsExactly("rolls", "biscuits", "scones", "jam", "bread", "whole milk");
        assertThat(answer.items().get(0).score()).as("share × all-time buyers").isCloseTo(37.5, offset(1e-9));
        assertThat(answer.items().get(0).reason())
                .isEqualTo("popular in bakery, one of your categories: bought by 10 customers recently, 50 in all");
        assertThat(answer.items().get(5).reason()).isEqualTo("popular: bought by 800 customers");
    }

    @Test
    void categoryFallback_withoutRecentBuyers_ranksByAllTimeBuyersAsBefore() {
        itemWithRecentBuyers("rolls", "bakery", 50, 0);
        profile("browser", new CategoryAffinity("bakery", 1));

        Recommendations answer = recommend("browser", 3);

        // the snapshots of fill() carry no recentBuyers field at all: bread 100, rolls 50, biscuits 40
        assertThat(answer.strategy()).isEqualTo(Strategy.POPULAR_IN_CATEGORY);
        assertThat(answer.items()).extracting(RankedItem::itemId).containsExactly("bread", "rolls", "biscuits");
        assertThat(answer.items().get(0).reason())
                .isEqualTo("popular in bakery, one of your categories: bought by 100 customers");
        assertThat(answer.items().get(0).score()).isCloseTo(100, offset(1e-9));
    }

    @Test
    void fallbackChain_isPersonal_thenRecentPopularInCategory_thenPopular() {
        itemWithRecentBuyers("rolls", "bakery", 50, 5);
        bought("c-1", "biscuits");

        Recommendations answer = recommend("c-1", 4);

        assertThat(answer.strategy()).isEqualTo(Strategy.PERSONAL);
        // tea from co-purchases; bakery by recent buyers: rolls (5) before bread (none); then popular
        assertThat(answer.items())
                .extracting(RankedItem::itemId)
                .containsExactly("tea", "rolls", "bread", "whole milk");
        assertThat(answer.items().get(1).reason()).startsWith("popular in bakery");
        assertThat(answer.items().get(3).reason()).startsWith("popular: ");
    }

    @Test
    void aCategoryFilter_appliesBeforeTheBestAreCut_soAShortAnswerStaysPersonal() {
        bought("c-1", "bread", "tea"); // personal order: biscuits (bakery), jam, butter
        popular.refresh();

        Recommendations answer =
                recommender.recommend("c-1", 1, new ItemFilter(Set.of(), Set.of("bakery"), true, false, 0));

        assertThat(answer.strategy()).isEqualTo(Strategy.PERSONAL);
        assertThat(answer.items()).extracting(RankedItem::itemId).containsExactly("jam");
    }

    @Test
    void theDiversityCap_looksPastTheFirstLimitCandidates() {
        // flour's neighbours by cosine: sugar 30/sqrt(50·40) = 0.67, eggs 20/sqrt(50·60) = 0.37,
        // salt 10/sqrt(50·70) = 0.17; sugar and eggs share a category, so with one per category
        // the answer of two is sugar and salt, both personal
        item("flour", "baking", 50, n("sugar", 30), n("eggs", 20), n("salt", 10));
        item("sugar", "baking", 40, n("flour", 30));
        item("eggs", "baking", 60, n("flour", 20));
        item("salt", "pantry", 70, n("flour", 10));
        bought("c-9", "flour");
        popular.refresh();

        Recommendations answer = recommender.recommend("c-9", 2, new ItemFilter(Set.of(), Set.of(), true, false, 1));

        assertThat(answer.strategy()).isEqualTo(Strategy.PERSONAL);
        assertThat(answer.items()).extracting(RankedItem::itemId).containsExactly("sugar", "salt");
        assertThat(answer.fromPopularLists()).isFalse();
    }

    @Test
    void settings_takeTheEdgesOfEachRange_andRefuseWhatLiesPastThem() {
        // sources from 1, decay in (0, 1], exponent above 0, category weight from 0, weights in [0, 1]
        Settings edges = new Settings(1, 1.0, 0.01, 0.0, 0.0, 1.0);
        assertThat(edges.sources()).isEqualTo(1);
        assertThat(new Settings(1, 0.01, 1, 0, 1.0, 0.0).viewWeight()).isEqualTo(1.0);
        for (Runnable bad : List.<Runnable>of(
                () -> new Settings(0, 0.5, 1.5, 0.25),
                () -> new Settings(200, 0.0, 1.5, 0.25),
                () -> new Settings(200, 1.01, 1.5, 0.25),
                () -> new Settings(200, 0.5, 0.0, 0.25),
                () -> new Settings(200, 0.5, 1.5, -0.01),
                () -> new Settings(200, 0.5, 1.5, 0.25, -0.01, 0.25),
                () -> new Settings(200, 0.5, 1.5, 0.25, 1.01, 0.25),
                () -> new Settings(200, 0.5, 1.5, 0.25, 0.1, -0.01),
                () -> new Settings(200, 0.5, 1.5, 0.25, 0.1, 1.01),
                () -> new Settings(200, 0.5, 1.5, 0.25, 0.1, 0.25, null))) {
            assertThatThrownBy(bad::run)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("invalid recommender settings: ");
        }
    }
}
