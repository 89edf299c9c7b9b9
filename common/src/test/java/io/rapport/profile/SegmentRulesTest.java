package io.rapport.profile;

import static io.rapport.profile.Profiles.NOW;
import static io.rapport.profile.Profiles.buyer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentRulesTest {
    private static final long NOW_MILLIS = NOW.toEpochMilli();

    private static SegmentFacts facts(CustomerProfile p, RfmScores rfm) {
        Long recency = p.isBuyer() ? (NOW_MILLIS - p.lastPurchaseAt()) / 86_400_000L : null;
        return new SegmentFacts(p, rfm, recency);
    }

    @Test
    void defaults_nameTheSegmentsOfTheBrief() {
        assertThat(SegmentRules.DEFAULTS.definitions())
                .containsExactly(
                        Map.entry("champions", "R>=4 and F>=4"),
                        Map.entry("at_risk", "R<=2 and F>=3 and orders >= 2 and recencyDays >= 30"),
                        Map.entry("new", "orders == 1 and recencyDays <= 30"),
                        Map.entry("big_spenders", "monetary >= 500"));
    }

    @Test
    void championWhoSpentALot_isInBothSegments() {
        CustomerProfile p = buyer("c", 6, 800, 2);

        assertThat(SegmentRules.DEFAULTS.matching(facts(p, new RfmScores(5, 4, 5))))
                .containsExactly("champions", "big_spenders");
    }

    @Test
    void newBuyer_onlyWithinThirtyDays() {
        assertThat(SegmentRules.DEFAULTS.matching(facts(buyer("c", 1, 20, 30), new RfmScores(3, 1, 1))))
                .containsExactly("new");
        assertThat(SegmentRules.DEFAULTS.matching(facts(buyer("c", 1, 20, 31), new RfmScores(3, 1, 1))))
                .isEmpty();
    }

    @Test
    void atRisk_needsARepeatBuyer_notAOneTimeBuyerScoredInTheMiddle() {
        // everybody bought once: the tied frequency scores 3 for all, which alone would put every
        // old one-time buyer at risk
        assertThat(SegmentRules.DEFAULTS.matching(facts(buyer("once", 1, 20, 45), new RfmScores(1, 3, 2))))
                .isEmpty();
        assertThat(SegmentRules.DEFAULTS.matching(facts(buyer("twice", 2, 40, 45), new RfmScores(1, 3, 2))))
                .containsExactly("at_risk");
    }

    @Test
    void atRisk_needsThirtyDaysWithoutAnOrder_notJustTheOlderPurchasesOfARecentCrowd() {
        // every repeat buyer bought today: those who bought minutes earlier still rank in the
        // bottom two fifths of recency, which alone would call them at risk
        assertThat(SegmentRules.DEFAULTS.matching(facts(buyer("today", 5, 100, 0), new RfmScores(2, 5, 3))))
                .isEmpty();
        assertThat(SegmentRules.DEFAULTS.matching(facts(buyer("month", 5, 100, 29), new RfmScores(1, 5, 3))))
                .isEmpty();
        assertThat(SegmentRules.DEFAULTS.matching(facts(buyer("gone", 5, 100, 30), new RfmScores(1, 5, 3))))
                .containsExactly("at_risk");
    }

    @Test
    void moneyRules_readTheAmountsTheProfileShows_toTheCent() {
        assertThat(SegmentRules.DEFAULTS.matching(facts(buyer("c", 1, 499.996, 3), new RfmScores(3, 3, 3))))
                .as("shown as monetary 500.0")
                .contains("big_spenders");
        assertThat(SegmentRules.DEFAULTS.matching(facts(buyer("c", 1, 499.994, 3), new RfmScores(3, 3, 3))))
                .doesNotContain("big_spenders");
        assertThat(SegmentRules.parse("x: aov >= 282.985").matching(facts(buyer("c", 2, 565.97, 3), null)))
                .as("565.97 over 2 orders is 282.985, not rounded")
                .containsExactly("x");
        assertThat(SegmentRules.parse("x: aov >= 282.99").matching(facts(buyer("c", 2, 565.97, 3), null)))
                .isEmpty();
        assertThat(SegmentRules.parse("x: aov > 166.6666 AND aov < 166.6667")
                        .matching(facts(buyer("c", 3, 499.996, 3), null)))
                .as("the shown 500.00 over 3 orders, not 499.996 over 3 (166.6653)")
                .containsExactly("x");
    }

    @Test
    void customerWithoutOrders_failsEveryRfmAndAovComparison() {
        SegmentRules rules = SegmentRules.parse(
                "low: R<=5; cheap: aov < 20; unequal: aov != 5; never: orders == 0; browsing: stage == browsing");

        assertThat(rules.matching(facts(Profiles.browser("b"), null))).containsExactly("never", "browsing");
    }

    @Test
    void factsOf_scoresAndMeasuresRecencyInWholeDays() {
        CustomerProfile p = buyer("c", 2, 50, 3);

        SegmentFacts facts = SegmentFacts.of(p, RfmQuintiles.of(List.of(p)), NOW_MILLIS + 3_600_000);

        assertThat(facts.recencyDays()).isEqualTo(3);
        assertThat(facts.rfm()).as("alone, so equal to everybody").isEqualTo(new RfmScores(3, 3, 3));
    }

    @Test
    void operatorsAndCase_areRead() {
        SegmentRules rules = SegmentRules.parse(
                " a : aov > 10 AND aov < 30 ; b: itemsBought != 2; c: stage != loyal ;; d: monetary==40");
        CustomerProfile p = buyer("c", 2, 40, 3);

        assertThat(rules.matching(facts(p, null))).containsExactly("a", "c", "d");
    }

    @Test
    void badConfiguration_isRefusedNamingTheSegment() {
        assertThatThrownBy(() -> SegmentRules.parse("x: R >> 4")).hasMessageContaining("segment x");
        assertThatThrownBy(() -> SegmentRules.parse("x: wealth > 4")).hasMessageContaining("unknown field 'wealth'");
        assertThatThrownBy(() -> SegmentRules.parse("x: stage > loyal")).hasMessageContaining("only == or !=");
        assertThatThrownBy(() -> SegmentRules.parse("x: stage == vip")).hasMessageContaining("unknown journey stage");
        assertThatThrownBy(() -> SegmentRules.parse("x: orders > 1; x: orders > 2"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> SegmentRules.parse("no colon")).hasMessageContaining("NAME: RULE");
        assertThatThrownBy(() -> SegmentRules.parse("x: ")).hasMessageContaining("empty");
    }

    @Test
    void rule_namesTheFieldsItReads() {
        assertThat(SegmentRules.DEFAULTS.rules())
                .extracting(SegmentRule::fields)
                .containsExactly(
                        java.util.Set.of("R", "F"),
                        java.util.Set.of("R", "F", "orders", "recencyDays"),
                        java.util.Set.of("orders", "recencyDays"),
                        java.util.Set.of("monetary"));
        assertThat(SegmentRule.parse("x", "stage == carted AND cartItems >= 2").fields())
                .containsExactlyInAnyOrder("stage", "cartItems");
    }
}
