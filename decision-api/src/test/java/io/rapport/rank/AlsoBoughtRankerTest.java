package io.rapport.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.rapport.copurchase.CoPurchaseScore;
import io.rapport.copurchase.CustomerItems;
import io.rapport.copurchase.RankingScore;
import io.rapport.copurchase.TimeDecay;
import io.rapport.copurchase.Totals;
import io.rapport.store.Views;
import io.rapport.testing.Snapshots;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlsoBoughtRankerTest {
    private final Views views = Views.empty();
    private final PopularItems popular = new PopularItems(views.items(), 100);
    private AlsoBoughtRanker ranker;

    @BeforeEach
    void fill() {
        views.totals().put(new Totals(1000));
        // whole milk is bought by nearly everyone: many co-purchases, but no more than chance predicts.
        views.items()
                .put(Snapshots.item("bread", 100)
                        .neighbour("whole milk", 80)
                        .neighbour("butter", 40)
                        .neighbour("jam", 20)
                        .build());
        views.items().put(Snapshots.item("whole milk", 800).build());
        views.items().put(Snapshots.item("butter", 60).build());
        views.items().put(Snapshots.item("jam", 25).build());
        views.items().put(Snapshots.item("bananas", 300).build());
        ranker = new AlsoBoughtRanker(views.items(), views.customers(), views.totals(), popular, 100, Runnable::run);
        views.items().onChange(ranker::invalidate);
        popular.refresh();
    }

    @Test
    void neighbours_areRankedByLlrNotByRawCount() {
        AlsoBought answer = ranker.recommend("bread", null, 10);

        assertThat(answer.strategy()).isEqualTo(Strategy.CO_PURCHASE);
        assertThat(answer.items()).extracting(RankedItem::itemId).containsExactly("butter", "jam", "whole milk");
        RankedItem butter = answer.items().get(0);
        assertThat(butter.coPurchases()).isEqualTo(40);
        assertThat(butter.score()).isCloseTo(CoPurchaseScore.llr(40, 100, 60, 1000), offset(0.001));
        assertThat(butter.reason())
                .startsWith("bought together with bread by 40 customers (LLR ")
                .contains("lift 6.7)");
    }

    @Test
    void customerFilter_removesItemsTheCustomerBought() {
        views.customers().put(new CustomerItems("c-1", List.of("butter", "bananas")));

        AlsoBought answer = ranker.recommend("bread", "c-1", 10);

        assertThat(answer.items()).extracting(RankedItem::itemId).containsExactly("jam", "whole milk");
    }

    @Test
    void limit_isRespected() {
        assertThat(ranker.recommend("bread", null, 2).items())
                .extracting(RankedItem::itemId)
                .containsExactly("butter", "jam");
    }

    @Test
    void unknownItem_fallsBackToPopularItemsAndSaysSo() {
        AlsoBought answer = ranker.recommend("caviar", null, 2);

        assertThat(answer.strategy()).isEqualTo(Strategy.POPULAR);
        assertThat(answer.items()).extracting(RankedItem::itemId).containsExactly("whole milk", "bananas");
        assertThat(answer.items().get(0).reason()).isEqualTo("popular: bought by 800 customers");
    }

    @Test
    void popularFallback_neverIncludesTheItemItselfNorWhatTheCustomerBought() {
        views.customers().put(new CustomerItems("c-1", List.of("bananas")));

        AlsoBought answer = ranker.recommend("whole milk", "c-1", 3);

        assertThat(answer.strategy()).isEqualTo(Strategy.POPULAR);
        assertThat(answer.items()).extracting(RankedItem::itemId).containsExactly("bread", "butter", "jam");
    }

    @Test
    void customerWhoBoughtEveryNeighbour_getsPopularItems() {
        views.customers().put(new CustomerItems("c-1", List.of("butter", "jam", "whole milk")));

        AlsoBought answer = ranker.recommend("bread", "c-1", 10);

        assertThat(answer.strategy()).isEqualTo(Strategy.POPULAR);
        assertThat(answer.items()).extracting(RankedItem::itemId).containsExactly("bananas");
    }

    @Test
    void cachedList_isDroppedWhenTheItemSnapshotChanges() {
        assertThat(ranker.recommend("bread", null, 10).items()).hasSize(3);
        assertThat(ranker.cache().estimatedSize()).isEqualTo(1);

        views.items().put(Snapshots.item("bread", 100).neighbour("bananas", 90).build());

        assertThat(ranker.recommend("bread", null, 10).items())
                .extracting(RankedItem::itemId)
                .containsExactly("bananas");
    }

    /** Encodes the item ids of an answer, counting the calls. */
    private static final class CountingEncoder implements java.util.function.Function<List<RankedItem>, byte[]> {
        int calls;

        @Override
        public byte[] apply(List<RankedItem> items) {
            calls++;
            return items.stream()
                    .map(RankedItem::itemId)
                    .toList()
                    .toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static String text(byte[] body) {
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void anonymousAnswer_isTheUnfilteredAnswer_encodedOncePerListAndLimit() {
        CountingEncoder encoder = new CountingEncoder();

        assertThat(text(ranker.encodedAnonymous("bread", 2, encoder)))
                .isEqualTo(ranker.recommend("bread", null, 2).items().stream()
                        .map(RankedItem::itemId)
                        .toList()
                        .toString());
        assertThat(text(ranker.encodedAnonymous("bread", 2, encoder))).isEqualTo("[butter, jam]");
        assertThat(encoder.calls).as("the second question read the kept body").isEqualTo(1);

        assertThat(text(ranker.encodedAnonymous("bread", 10, encoder))).isEqualTo("[butter, jam, whole milk]");
        assertThat(encoder.calls).as("another limit is encoded anew").isEqualTo(2);

        views.items().put(Snapshots.item("bread", 100).neighbour("bananas", 90).build());
        assertThat(text(ranker.encodedAnonymous("bread", 10, encoder)))
                .as("gone with the list")
                .isEqualTo("[bananas]");
    }

    @Test
    void anonymousAnswer_isNotKept_forTheFallback() {
        assertThat(ranker.encodedAnonymous("caviar", 2, new CountingEncoder())).isNull();
    }

    @Test
    void repeatedQuestions_areServedFromTheCache() {
        ranker.recommend("bread", null, 10);
        ranker.recommend("bread", "c-9", 1);

        assertThat(ranker.cache().stats().hitCount()).isEqualTo(1);
    }

    @Test
    void equalScores_areOrderedByCoPurchasesThenItemId() {
        views.items()
                .put(Snapshots.item("tea", 10)
                        .neighbour("b", 5)
                        .neighbour("a", 5)
                        .build());
        views.items().put(Snapshots.item("a", 10).build());
        views.items().put(Snapshots.item("b", 10).build());

        assertThat(ranker.recommend("tea", null, 10).items())
                .extracting(RankedItem::itemId)
                .containsExactly("a", "b");
    }

    private static final long DAY = 86_400_000L;
    private static final long AS_OF = 1_795_305_600_000L; // 2026-11-22T00:00:00Z

    private AlsoBoughtRanker ranker(TimeDecay decay) {
        return new AlsoBoughtRanker(
                views.items(),
                views.customers(),
                views.totals(),
                popular,
                100,
                Runnable::run,
                ItemFacts.of(views.items()),
                RankingScore.LLR,
                decay);
    }

    private void datedBread() {
        views.items()
                .put(Snapshots.item("bread", 100)
                        .asOf(AS_OF)
                        .neighbour("whole milk", 80, AS_OF)
                        .neighbour("butter", 40, AS_OF - 60 * DAY)
                        .neighbour("jam", 20, AS_OF - 30 * DAY)
                        .build());
    }

    @Test
    void halfLife_decaysEachScoreByTheAgeOfItsPairsLastIncrease_andKeepsTheCounts() {
        datedBread();

        AlsoBought answer = ranker(TimeDecay.halfLife(Duration.ofDays(30))).recommend("bread", null, 10);

        // butter LLR 127.51 two half-lives old → 31.88; jam LLR 71.83 one half-life old → 35.92; milk LLR 0
        assertThat(answer.items()).extracting(RankedItem::itemId).containsExactly("jam", "butter", "whole milk");
        RankedItem jam = answer.items().get(0);
        RankedItem butter = answer.items().get(1);
        assertThat(jam.score()).isCloseTo(CoPurchaseScore.llr(20, 100, 25, 1000) * 0.5, offset(0.001));
        assertThat(butter.score()).isCloseTo(CoPurchaseScore.llr(40, 100, 60, 1000) * 0.25, offset(0.001));
        assertThat(butter.coPurchases()).isEqualTo(40);
        assertThat(butter.reason())
                .isEqualTo("bought together with bread by 40 customers (LLR 127.5, lift 6.7, time decay ×0.250)");
        assertThat(answer.items().get(2).reason()).doesNotContain("time decay");
    }

    @Test
    void aDecayThatWouldReadAsX1000_isNotNoted_soEveryUndecayedRowReadsAlike() {
        views.items()
                .put(Snapshots.item("bread", 100)
                        .asOf(AS_OF)
                        .neighbour("butter", 40, AS_OF - 60_000) // a minute older: ×0.99998
                        .neighbour("jam", 20, AS_OF - DAY) // a day older: ×0.977
                        .build());

        AlsoBought answer = ranker(TimeDecay.halfLife(Duration.ofDays(30))).recommend("bread", null, 10);

        assertThat(answer.items())
                .extracting(RankedItem::reason)
                .containsExactly(
                        "bought together with bread by 40 customers (LLR 127.5, lift 6.7)",
                        "bought together with bread by 20 customers (LLR 71.8, lift 8.0, time decay ×0.977)");
    }

    @Test
    void noHalfLife_scoresDatedPairsExactlyAsBefore() {
        datedBread();

        AlsoBought answer = ranker(TimeDecay.OFF).recommend("bread", null, 10);

        assertThat(answer.items()).extracting(RankedItem::itemId).containsExactly("butter", "jam", "whole milk");
        assertThat(answer.items().get(0).score()).isCloseTo(CoPurchaseScore.llr(40, 100, 60, 1000), offset(0.001));
        assertThat(answer.items().get(0).reason()).doesNotContain("time decay");
    }

    @Test
    void halfLife_leavesSnapshotsWithoutTimesAsTheyAre() {
        AlsoBought decayed = ranker(TimeDecay.halfLife(Duration.ofDays(1))).recommend("bread", null, 10);

        assertThat(decayed).isEqualTo(ranker.recommend("bread", null, 10));
    }

    @Test
    void withoutAPopulationYet_theTableIsCompletedFromTheItemsBuyers() {
        Views fresh = Views.empty(); // no Totals record published yet: population 0
        fresh.items().put(Snapshots.item("bread", 100).neighbour("butter", 40).build());
        fresh.items().put(Snapshots.item("butter", 60).build());
        AlsoBoughtRanker early = new AlsoBoughtRanker(
                fresh.items(),
                fresh.customers(),
                fresh.totals(),
                new PopularItems(fresh.items(), 10),
                10,
                Runnable::run);

        RankedItem butter = early.recommend("bread", null, 10).items().get(0);

        // population = 100 + 60 - 40 = 120 customers who bought either; lift = 40·120 / (100·60) = 0.8
        assertThat(butter.score()).isCloseTo(CoPurchaseScore.llr(40, 100, 60, 120), offset(0.001));
        assertThat(butter.reason()).endsWith(", lift 0.8)");
    }

    @Test
    void itsSettingsAndTheFullNeighbourList_areThoseItWasMadeWith() {
        ItemFacts facts = ItemFacts.of(views.items());
        TimeDecay decay = TimeDecay.halfLife(Duration.ofDays(30));
        AlsoBoughtRanker cosine = new AlsoBoughtRanker(
                views.items(),
                views.customers(),
                views.totals(),
                popular,
                100,
                Runnable::run,
                facts,
                RankingScore.COSINE,
                decay);

        assertThat(cosine.facts()).isSameAs(facts);
        assertThat(cosine.ranking()).isEqualTo(RankingScore.COSINE);
        assertThat(cosine.decay()).isSameAs(decay);
        assertThat(ranker.neighbours("bread"))
                .extracting(RankedItem::itemId)
                .containsExactly("butter", "jam", "whole milk");
        assertThat(ranker.neighbours("caviar")).isEmpty();
    }
}
