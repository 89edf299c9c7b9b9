package io.rapport.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rapport.copurchase.RankingScore;
import io.rapport.copurchase.TimeDecay;
import io.rapport.offer.ContactCaps;
import io.rapport.profile.SegmentRules;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApiConfigTest {

    @Test
    void timeDecay_isOffByDefault() {
        assertThat(ApiConfig.of(0, null).decay()).isEqualTo(TimeDecay.OFF);
        assertThat(ApiConfig.of(0, null)
                        .withSettings(SegmentRules.DEFAULT_TEXT, "llr")
                        .decay())
                .isEqualTo(TimeDecay.OFF);
    }

    @Test
    void decayHalfLife_isReadFromText_andKeptByTheOtherWithers() {
        ApiConfig config = ApiConfig.of(0, null).withSettings(SegmentRules.DEFAULT_TEXT, "cosine", "30d");

        assertThat(config.decay().halfLife()).isEqualTo(Duration.ofDays(30));
        assertThat(config.ranking()).isEqualTo(RankingScore.COSINE);
        assertThat(config.withRanking(RankingScore.LLR).decay()).isEqualTo(config.decay());
        assertThat(config.withSegments(SegmentRules.DEFAULTS).decay()).isEqualTo(config.decay());
        assertThat(config.withDecay(TimeDecay.OFF).decay()).isEqualTo(TimeDecay.OFF);
    }

    @Test
    void badDecayHalfLife_isRefusedNamingTheSetting() {
        assertThatThrownBy(() -> ApiConfig.of(0, null).withSettings(SegmentRules.DEFAULT_TEXT, "llr", "soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decay half-life");
    }

    @Test
    void anEmptyVariable_isAnUnsetOne() {
        ApiConfig config = ApiConfig.of(0, null)
                .withEnvironment(java.util.Map.of(
                        "RAPPORT_RANKING", "", "RAPPORT_DECAY_HALF_LIFE", " ", "RAPPORT_SEGMENTS", ""));

        assertThat(config.decay()).isEqualTo(TimeDecay.OFF);
        assertThat(config.ranking()).isEqualTo(ApiConfig.of(0, null).ranking());
    }

    @Test
    void aBadVariable_isRefusedNamingTheVariable() {
        for (var c : java.util.Map.of(
                        "RAPPORT_RANKING", "foo",
                        "RAPPORT_SEGMENTS", "bad rule",
                        "RAPPORT_DECAY_HALF_LIFE", "xx")
                .entrySet()) {
            assertThatThrownBy(() -> ApiConfig.of(0, null).withEnvironment(java.util.Map.of(c.getKey(), c.getValue())))
                    .as(c.getKey())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(c.getKey() + ": ");
        }
        assertThat(ApiConfig.of(0, null)
                        .withEnvironment(java.util.Map.of("RAPPORT_RANKING", "lift"))
                        .ranking())
                .isEqualTo(RankingScore.LIFT);
    }

    @Test
    void offerExploration_isOffByDefault_readFromItsVariable_andASharePastOneIsRefused() {
        assertThat(ApiConfig.of(0, null).offerExploration()).isZero();
        assertThat(ApiConfig.of(0, null).withEnvironment(java.util.Map.of()).offerExploration())
                .isZero();
        ApiConfig config = ApiConfig.of(0, null)
                .withEnvironment(java.util.Map.of("RAPPORT_OFFER_EXPLORATION", "0.1"))
                .withRanking(RankingScore.LIFT);
        assertThat(config.offerExploration()).as("kept by the other withers").isEqualTo(0.1);
        for (String bad : new String[] {"1.5", "-0.1", "ten", "NaN"}) {
            assertThatThrownBy(() ->
                            ApiConfig.of(0, null).withEnvironment(java.util.Map.of("RAPPORT_OFFER_EXPLORATION", bad)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("RAPPORT_OFFER_EXPLORATION: must be a share from 0 to 1 (e.g. 0.1), not '" + bad + "'");
        }
    }

    @Test
    void contactCaps_defaultTo3And10_andAreReadFromTheirVariables_keptByTheOtherWithers() {
        assertThat(ApiConfig.of(0, null).contactCaps()).isEqualTo(new ContactCaps(3, 10));

        ApiConfig config = ApiConfig.of(0, null)
                .withEnvironment(java.util.Map.of("RAPPORT_CONTACTS_PER_DAY", "1", "RAPPORT_CONTACTS_PER_WEEK", "2"))
                .withRanking(RankingScore.COSINE)
                .withDecay(TimeDecay.OFF);

        assertThat(config.contactCaps()).isEqualTo(new ContactCaps(1, 2));
        assertThatThrownBy(
                        () -> ApiConfig.of(0, null).withEnvironment(java.util.Map.of("RAPPORT_CONTACTS_PER_DAY", "x")))
                .hasMessageStartingWith("RAPPORT_CONTACTS_PER_DAY must be a whole number");
    }
}
