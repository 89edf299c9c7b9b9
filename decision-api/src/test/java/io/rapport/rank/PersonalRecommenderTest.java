package io.rapport.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.rapport.copurchase.CoPurchaseScore;
import io.rapport.copurchase.CustomerItems;
import io.rapport.copurchase.Totals;
import io.rapport.rank.PersonalRecommender.Recommendations;
import io.rapport.store.Views;
import io.rapport.testing.Snapshots;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PersonalRecommenderTest {
    private final Views views = Views.empty();
    private final PopularItems popular = new PopularItems(views.items(), 100);
    private PersonalRecommender recommender;

    @BeforeEach
    void fill() {
        views.totals().put(new Totals(1000));
        views.items().put(Snapshots.item("bread", 100).neighbour("butter", 40).neighbour("jam", 20).build());
        views.items().put(Snapshots.item("tea", 80).neighbour("biscuits", 30).neighbour("jam", 10).build());
        views.items().put(Snapshots.item("butter", 60).build());
        views.items().put(Snapshots.item("jam", 25).build());
        views.items().put(Snapshots.item("biscuits", 40).build());
        views.items().put(Snapshots.item("whole milk", 800).build());
        AlsoBoughtRanker ranker =
                new AlsoBoughtRanker(views.items(), views.customers(), views.totals(), popular, 100, Runnable::run);
        recommender = new PersonalRecommender(ranker, views.customers(), popular);
        popular.refresh();
    }

    @Test
    void candidatesComeFromNeighboursOfBoughtItems_weightedByRecency() {
        views.customers().put(new CustomerItems("c-1", List.of("bread", "tea")));

        Recommendations answer = recommender.recommend("c-1", 10);

        assertThat(answer.strategy()).isEqualTo(Strategy.PERSONAL);
        assertThat(answer.items()).extracting(RankedItem::itemId).containsExactlyInAnyOrder("butter", "jam", "biscuits");
        RankedItem jam = answer.items().stream().filter(i -> i.itemId().equals("jam")).findFirst().orElseThrow();
        double expected = CoPurchaseScore.llr(10, 80, 25, 1000) + PersonalRecommender.DECAY * CoPurchaseScore.llr(20, 100, 25, 1000);
        assertThat(jam.score()).isCloseTo(expected, offset(0.01));
        assertThat(answer.items().get(0).reason()).startsWith("because you bought ");
    }

    @Test
    void ownedItemsAreNeverRecommended() {
        views.customers().put(new CustomerItems("c-1", List.of("bread", "butter")));

        assertThat(recommender.recommend("c-1", 10).items()).extracting(RankedItem::itemId).containsExactly("jam");
    }

    @Test
    void customerWithoutHistory_getsPopularItemsAndTheStrategySaysSo() {
        Recommendations answer = recommender.recommend("stranger", 2);

        assertThat(answer.strategy()).isEqualTo(Strategy.POPULAR);
        assertThat(answer.items()).extracting(RankedItem::itemId).containsExactly("whole milk", "bread");
    }

    @Test
    void limitIsRespected() {
        views.customers().put(new CustomerItems("c-1", List.of("bread", "tea")));

        assertThat(recommender.recommend("c-1", 1).items()).hasSize(1);
    }
}
