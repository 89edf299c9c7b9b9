package io.rapport.profile;

import static io.rapport.profile.Profiles.buyer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RfmQuintilesTest {

    @Test
    void distinctValues_fillEachQuintileWithAFifth() {
        List<CustomerProfile> population = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            population.add(buyer("c" + i, i, 100.0 * i, 11 - i));
        }
        RfmQuintiles quintiles = RfmQuintiles.of(population);

        assertThat(population)
                .extracting(p -> quintiles.score(p).orElseThrow())
                .containsExactly(
                        new RfmScores(1, 1, 1),
                        new RfmScores(1, 1, 1),
                        new RfmScores(2, 2, 2),
                        new RfmScores(2, 2, 2),
                        new RfmScores(3, 3, 3),
                        new RfmScores(3, 3, 3),
                        new RfmScores(4, 4, 4),
                        new RfmScores(4, 4, 4),
                        new RfmScores(5, 5, 5),
                        new RfmScores(5, 5, 5));
    }

    @Test
    void ties_shareTheScoreOfTheirMiddleRank() {
        List<CustomerProfile> population = List.of(
                buyer("a", 1, 10, 5),
                buyer("b", 1, 10, 5),
                buyer("c", 1, 10, 5),
                buyer("d", 2, 10, 5),
                buyer("e", 7, 10, 5));
        RfmQuintiles quintiles = RfmQuintiles.of(population);

        assertThat(population)
                .extracting(p -> quintiles.score(p).orElseThrow().frequency())
                .containsExactly(2, 2, 2, 4, 5);
        assertThat(population)
                .as("everybody equal")
                .extracting(p -> quintiles.score(p).orElseThrow().recency())
                .containsOnly(3);
    }

    @Test
    void recency_favoursTheLatestPurchase() {
        CustomerProfile old = buyer("old", 1, 10, 300);
        CustomerProfile recent = buyer("recent", 1, 10, 1);
        RfmQuintiles quintiles = RfmQuintiles.of(List.of(old, recent));

        assertThat(quintiles.score(recent).orElseThrow().recency()).isEqualTo(4);
        assertThat(quintiles.score(old).orElseThrow().recency()).isEqualTo(2);
    }

    @Test
    void customersWithoutOrders_haveNoScore_andDoNotCount() {
        RfmQuintiles quintiles = RfmQuintiles.of(List.of(Profiles.browser("b"), buyer("a", 1, 10, 1)));

        assertThat(quintiles.buyers()).isEqualTo(1);
        assertThat(quintiles.score(Profiles.browser("b"))).isEmpty();
    }

    @Test
    void profileOutsideThePopulation_isScoredAgainstIt() {
        RfmQuintiles quintiles = RfmQuintiles.of(List.of(buyer("a", 1, 10, 9), buyer("b", 2, 20, 5)));

        assertThat(quintiles.score(buyer("new", 9, 900, 0)).orElseThrow()).isEqualTo(new RfmScores(5, 5, 5));
        assertThat(RfmQuintiles.EMPTY.score(buyer("x", 1, 1, 1)).orElseThrow()).isEqualTo(new RfmScores(5, 5, 5));
    }

    @Test
    void aPurchaseTimeWithoutCountedOrders_isNoBuyer() {
        // orders 0 but a last purchase time (its orders taken out again): no buyer, no score
        CustomerProfile noOrders = buyer("z", 0, 0, 1);
        RfmQuintiles quintiles = RfmQuintiles.of(List.of(noOrders, buyer("a", 1, 10, 1)));

        assertThat(noOrders.isBuyer()).isFalse();
        assertThat(quintiles.buyers()).isEqualTo(1);
        assertThat(quintiles.score(noOrders)).isEmpty();
    }
}
