package io.rapport.offer;

import static io.rapport.offer.Offers.offer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rapport.offer.OfferArbiter.Candidate;
import io.rapport.offer.OfferArbiter.Ranked;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Contact caps, holdout and arbitration. */
class RulesTest {
    private static final Eligibility.Verdict YES =
            new Eligibility.Verdict(Eligibility.Outcome.ELIGIBLE, "r", List.of());

    @Test
    void caps_blockMarketingAtThreeADayOrTenAWeek() {
        Offer marketing = offer("m", OfferTrigger.ALWAYS).marketing().build();
        ContactCaps caps = ContactCaps.DEFAULTS;
        assertThat(caps.blocks(marketing, 2, 9)).isFalse();
        assertThat(caps.blocks(marketing, 3, 3)).isTrue();
        assertThat(caps.blocks(marketing, 0, 10)).isTrue();
        assertThat(caps.remaining(1, 9)).isEqualTo(1);
    }

    @Test
    void caps_neverBlockServiceOffers() {
        assertThat(ContactCaps.DEFAULTS.blocks(offer("s", OfferTrigger.BIRTHDAY).build(), 50, 500))
                .isFalse();
    }

    @Test
    void contactHistory_countsMarketingImpressionsOfTodayAndTheLastSevenDays() {
        long today = 20_000;
        ContactHistory history = new ContactHistory(
                "c-1",
                List.of(
                        new ContactHistory.Day(today, Map.of("news", 2L, "birthday", 4L)),
                        new ContactHistory.Day(today - 6, Map.of("news", 3L)),
                        new ContactHistory.Day(today - 7, Map.of("news", 50L))));
        assertThat(history.marketingImpressions(today, (offerId, day) -> offerId.equals("birthday")))
                .containsExactly(2, 5);
        assertThat(history.marketingImpressions(today, (offerId, day) -> false)).containsExactly(6, 9);
    }

    @Test
    void holdout_isStableAndIndependentPerOffer() {
        assertThat(Holdout.bucket("news", "c-1")).isEqualTo(Holdout.bucket("news", "c-1"));
        assertThat(Holdout.heldOut("news", "c-1", 0)).isFalse();
        assertThat(Holdout.heldOut("news", "c-1", 100)).isTrue();
        int both = 0;
        for (int i = 0; i < 10_000; i++) {
            if (Holdout.heldOut("a", "c-" + i, 50) && Holdout.heldOut("b", "c-" + i, 50)) {
                both++;
            }
        }
        assertThat(both / 10_000.0).isCloseTo(0.25, within(0.015));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1, 5, 10, 33.3, 50, 90})
    void holdout_holdsOutItsShareOfTenThousandCustomers(double percent) {
        long held = 0;
        for (int i = 0; i < 10_000; i++) {
            if (Holdout.heldOut("newsletter", "c-" + i, percent)) {
                held++;
            }
        }
        assertThat(held / 100.0).isCloseTo(percent, within(1.5));
    }

    @Test
    void propensity_isTheBetaPosteriorMeanAndUsesASegmentWithEnoughData() {
        Propensity p = Propensity.DEFAULTS;
        assertThat(p.of(OfferStats.none("o"), Set.of())).isCloseTo(0.05, within(1e-9));
        OfferStats stats = new OfferStats(
                "o",
                980,
                99,
                Map.of("loyal", new OfferStats.Responses(480, 240), "new", new OfferStats.Responses(50, 50)));
        assertThat(p.of(stats, Set.of())).isCloseTo(100.0 / 1000, within(1e-9));
        assertThat(p.of(stats, Set.of("new"))).isCloseTo(0.1, within(1e-9));
        assertThat(p.of(stats, Set.of("loyal"))).isCloseTo((0.1 * 20 + 240) / 500, within(1e-9));
        assertThat(p.cold(OfferStats.none("o"))).isTrue();
        assertThat(p.cold(stats)).isFalse();
    }

    @Test
    void arbiter_ranksByPropensityTimesValueTimesWeight() {
        OfferArbiter arbiter = new OfferArbiter(Propensity.DEFAULTS, 0);
        Map<String, OfferStats> stats = Map.of(
                "a", new OfferStats("a", 1000, 100, Map.of()),
                "b", new OfferStats("b", 1000, 300, Map.of()),
                "c", new OfferStats("c", 1000, 100, Map.of()),
                "d", new OfferStats("d", 1000, 100, Map.of()));
        List<Candidate> candidates = List.of(
                new Candidate(offer("a", OfferTrigger.ALWAYS).value(10).build(), YES),
                new Candidate(offer("b", OfferTrigger.ALWAYS).value(10).build(), YES),
                new Candidate(
                        offer("c", OfferTrigger.ALWAYS).value(10).weight(2).build(), YES),
                new Candidate(offer("d", OfferTrigger.ALWAYS).value(10).build(), YES));
        List<Ranked> ranked = arbiter.rank(candidates, stats::get, Set.of(), new Random(1));
        assertThat(ranked).extracting(r -> r.offer().offerId()).containsExactly("b", "c", "a", "d");
        assertThat(ranked.get(0).score()).isCloseTo(301.0 / 1020 * 10, within(1e-9));
        assertThat(ranked).noneMatch(Ranked::explored);
    }

    @Test
    void arbiter_ranksBySegmentPosteriorWhenTheSegmentHasEnoughData_elseByTheOffersOwn() {
        OfferArbiter arbiter = new OfferArbiter(Propensity.DEFAULTS, 0);
        // Overall "a" redeems at 10 % and "b" at 5 %; among champions "b" redeems at 30 %.
        Map<String, OfferStats> stats = Map.of(
                "a", new OfferStats("a", 1000, 100, Map.of("champions", new OfferStats.Responses(250, 10))),
                "b",
                        new OfferStats(
                                "b",
                                1000,
                                50,
                                Map.of(
                                        "champions",
                                        new OfferStats.Responses(250, 75),
                                        "new",
                                        new OfferStats.Responses(150, 150))));
        List<Candidate> candidates = List.of(
                new Candidate(offer("a", OfferTrigger.ALWAYS).value(10).build(), YES),
                new Candidate(offer("b", OfferTrigger.ALWAYS).value(10).build(), YES));
        assertThat(arbiter.rank(candidates, stats::get, Set.of(), new Random(1)))
                .extracting(r -> r.offer().offerId())
                .containsExactly("a", "b");
        List<Ranked> champions = arbiter.rank(candidates, stats::get, Set.of("champions", "repeat"), new Random(1));
        assertThat(champions).extracting(r -> r.offer().offerId()).containsExactly("b", "a");
        double bOverall = 51.0 / 1020;
        assertThat(champions.get(0).score()).isCloseTo((bOverall * 20 + 75) / (20 + 250) * 10, within(1e-9));
        assertThat(arbiter.rank(candidates, stats::get, Set.of("new"), new Random(1)))
                .as("150 impressions in 'new' are too few: overall posteriors decide")
                .extracting(r -> r.offer().offerId())
                .containsExactly("a", "b");
    }

    @Test
    void arbiter_putsAColdOfferFirstInItsExplorationShare() {
        OfferArbiter arbiter = new OfferArbiter(Propensity.DEFAULTS, 0.1);
        Map<String, OfferStats> stats = Map.of("warm", new OfferStats("warm", 1000, 500, Map.of()));
        List<Candidate> candidates = List.of(
                new Candidate(offer("warm", OfferTrigger.ALWAYS).value(10).build(), YES),
                new Candidate(offer("cold", OfferTrigger.ALWAYS).value(10).build(), YES));
        Random random = new Random(42);
        int explored = 0;
        for (int i = 0; i < 10_000; i++) {
            List<Ranked> ranked = arbiter.rank(candidates, stats::get, Set.of(), random);
            if (ranked.get(0).offer().offerId().equals("cold")) {
                assertThat(ranked.get(0).explored()).isTrue();
                explored++;
            }
        }
        assertThat(explored / 10_000.0).isCloseTo(0.1, within(0.015));
    }
}
