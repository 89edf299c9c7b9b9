package io.rapport.copurchase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CoPurchaseScoreTest {

    @Test
    void g2_matchesMahoutReferenceValues() {
        // Values from Mahout's LogLikelihoodTest.testLogLikelihood.
        assertThat(CoPurchaseScore.g2(1, 0, 0, 1)).isCloseTo(2.772589, within(1e-6));
        assertThat(CoPurchaseScore.g2(10, 0, 0, 10)).isCloseTo(27.72589, within(1e-5));
        assertThat(CoPurchaseScore.g2(5, 1995, 0, 100000)).isCloseTo(39.33052, within(1e-5));
        assertThat(CoPurchaseScore.g2(1000, 1995, 1000, 100000)).isCloseTo(4730.737, within(1e-3));
        assertThat(CoPurchaseScore.g2(1000, 1000, 1000, 100000)).isCloseTo(5734.343, within(1e-3));
        assertThat(CoPurchaseScore.g2(1000, 1000, 1000, 99000)).isCloseTo(5714.932, within(1e-3));
    }

    @Test
    void llr_isNegativeForPairsBoughtTogetherLessThanChance() {
        // Groceries: whole milk 2513 and soda 1715 of 9835 baskets, bought together 394 times.
        assertThat(CoPurchaseScore.llr(394, 2513, 1715, 9835)).isNegative();
        // herbs 160 and root vegetables 1072, together 69: a strong pair (lift 3.96).
        assertThat(CoPurchaseScore.llr(69, 160, 1072, 9835)).isGreaterThan(50);
    }

    @Test
    void lift_matchesThePublishedGroceriesRule() {
        // {herbs} => {root vegetables}: lift 3.956477 (Lantz, ch. 8).
        assertThat(CoPurchaseScore.lift(69, 160, 1072, 9835)).isCloseTo(3.956477, within(1e-6));
        assertThat(CoPurchaseScore.lift(0, 160, 1072, 9835)).isZero();
    }
}
