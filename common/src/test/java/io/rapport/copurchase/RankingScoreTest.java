package io.rapport.copurchase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RankingScoreTest {

    @Test
    void cosine_isTheOverlapOverTheGeometricMeanOfTheBuyerSets() {
        // herbs 160, root vegetables 1072, together 69: 69 / sqrt(160 * 1072) = 0.166600...
        assertThat(CoPurchaseScore.cosine(69, 160, 1072)).isCloseTo(69 / Math.sqrt(171_520), within(1e-12));
        assertThat(CoPurchaseScore.cosine(69, 160, 1072)).isCloseTo(0.166606, within(1e-6));
        // identical buyer sets: 1; disjoint or unknown: 0
        assertThat(CoPurchaseScore.cosine(7, 7, 7)).isEqualTo(1.0);
        assertThat(CoPurchaseScore.cosine(0, 7, 9)).isZero();
        assertThat(CoPurchaseScore.cosine(3, 0, 9)).isZero();
    }

    @Test
    void eachRankingUsesItsOwnScore() {
        assertThat(RankingScore.LLR.score(69, 160, 1072, 9835)).isEqualTo(CoPurchaseScore.llr(69, 160, 1072, 9835));
        assertThat(RankingScore.COSINE.score(69, 160, 1072, 9835)).isEqualTo(CoPurchaseScore.cosine(69, 160, 1072));
        assertThat(RankingScore.LIFT.score(69, 160, 1072, 9835)).isCloseTo(3.956477, within(1e-6));
    }

    @Test
    void wireNamesParseCaseInsensitively() {
        assertThat(RankingScore.fromWireName("Cosine")).contains(RankingScore.COSINE);
        assertThat(RankingScore.fromWireName("llr")).contains(RankingScore.LLR);
        assertThat(RankingScore.fromWireName("jaccard")).isEmpty();
        assertThat(RankingScore.DEFAULT).isEqualTo(RankingScore.LLR);
    }
}
