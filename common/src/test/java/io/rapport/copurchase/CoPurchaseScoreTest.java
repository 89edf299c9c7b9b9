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
    void llr_isTheG2OfTheCustomersTwoByTwoTable_computedByHand() {
        // 100 customers; A and B bought by 20 each, 10 of them bought both. Table k = (10, 10 | 10, 70),
        // expected under independence E = (4, 16 | 16, 64):
        // G² = 2 Σ k ln(k/E) = 2 (10 ln 2.5 + 2 · 10 ln 0.625 + 70 ln 1.09375) = 12.071372
        assertThat(CoPurchaseScore.llr(10, 20, 20, 100)).isCloseTo(12.071372, within(1e-6));
        // Only 1 bought both: k = (1, 19 | 19, 61), the same E; G² = 2 (ln 0.25 + 2 · 19 ln 1.1875
        // + 61 ln 0.953125) = 4.430906, signed negative: bought together less often than chance.
        assertThat(CoPurchaseScore.llr(1, 20, 20, 100)).isCloseTo(-4.430906, within(1e-6));
        // Exactly as chance has it (E11 = 20 · 20 / 100 = 4): no evidence either way.
        assertThat(CoPurchaseScore.llr(4, 20, 20, 100)).isCloseTo(0.0, within(1e-9));
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

    @Test
    void llr_isPositiveForAPairBoughtTogetherMoreThanChance_evenWhenEachIsOftenBoughtAlone() {
        // 100 customers; A and B bought by 60 each, 40 of them bought both. Table k = (40, 20 | 20, 20),
        // expected under independence E = (36, 24 | 24, 16): more together than chance, so positive.
        // G² = 2 (40 ln(40/36) + 2 · 20 ln(20/24) + 20 ln(20/16)) = 2.768859
        // The sign test k11 · n >= (k11 + k12)(k11 + k21) is 4000 >= 3600; the large "only A" and
        // "only B" cells make a wrong total n (dropping k12 or k21 twice) flip it.
        assertThat(CoPurchaseScore.llr(40, 60, 60, 100)).isCloseTo(2.768859, within(1e-6));
    }
}
