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

    @Test
    void strictComparisons_excludeTheBound() {
        CustomerProfile twoOrders = buyer("c", 2, 40, 3);
        assertThat(SegmentRule.parse("x", "orders < 2").matches(facts(twoOrders, null)))
                .isFalse();
        assertThat(SegmentRule.parse("x", "orders > 2").matches(facts(twoOrders, null)))
                .isFalse();
        assertThat(SegmentRule.parse("x", "orders < 3").matches(facts(twoOrders, null)))
                .isTrue();
        assertThat(SegmentRule.parse("x", "orders > 1").matches(facts(twoOrders, null)))
                .isTrue();
    }

    @Test
    void stageComparisons_matchOnlyTheirStage() {
        // buyer(...) profiles are at the first_purchase stage
        CustomerProfile p = buyer("c", 1, 20, 3);
        assertThat(SegmentRule.parse("x", "stage == first_purchase").matches(facts(p, null)))
                .isTrue();
        assertThat(SegmentRule.parse("x", "stage == loyal").matches(facts(p, null)))
                .isFalse();
        assertThat(SegmentRule.parse("x", "stage != first_purchase").matches(facts(p, null)))
                .isFalse();
    }

    @Test
    void everyNumericField_readsItsOwnValue() {
        CustomerProfile p = buyer("c", 4, 100, 3);
        SegmentFacts f = facts(p, new RfmScores(2, 3, 4));
        assertThat(SegmentRule.parse("x", "M == 4").matches(f)).isTrue();
        assertThat(SegmentRule.parse("x", "M == 3").matches(f)).isFalse();
        assertThat(SegmentRule.parse("x", "frequency == 4").matches(f)).isTrue();
        // two cart lines and three feedbacks averaging 4.5
        CustomerProfile active = new CustomerProfile(
                "c",
                p.firstSeen(),
                p.lastSeen(),
                p.orders(),
                p.itemsBought(),
                p.monetary(),
                p.aov(),
                p.lastPurchaseAt(),
                p.journeyStage(),
                List.of(),
                List.of(),
                List.of(new CartLine("i-1", "x", 1.0, 1, 0), new CartLine("i-2", "x", 2.0, 5, 0)),
                null,
                Map.of(),
                new FeedbackSummary(3, 4.5, null, null),
                OfferResponses.NONE,
                p.updatedAt());
        SegmentFacts g = facts(active, null);
        assertThat(SegmentRule.parse("x", "cartItems == 2").matches(g)).isTrue();
        assertThat(SegmentRule.parse("x", "feedbackCount == 3").matches(g)).isTrue();
        assertThat(SegmentRule.parse("x", "averageRating == 4.5").matches(g)).isTrue();
        assertThat(SegmentRule.parse("x", "M >= 1").matches(facts(p, null)))
                .as("no RFM scores")
                .isFalse();
        assertThat(SegmentRule.parse("x", "averageRating >= 0").matches(f))
                .as("no feedback, no rating")
                .isFalse();
    }

    @Test
    void anEntryWithoutAName_isRefusedForItsName() {
        assertThatThrownBy(() -> SegmentRules.parse(": orders > 1")).hasMessageContaining("must be 1-64 letters");
    }
}
