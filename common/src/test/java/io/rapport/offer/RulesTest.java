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

    @Test
    void holdout_bucketsAreTheDocumentedHash_soGroupsSurviveAnUpgrade() {
        // FNV-1a 64 over offerId, a 0 byte, customerId, then the SplitMix64 finaliser, unsigned mod
        // 10,000; computed independently (Python, 64-bit arithmetic) from the class comment.
        assertThat(Holdout.bucket("news", "c-1")).isEqualTo(2285);
        assertThat(Holdout.bucket("a", "c-1")).isEqualTo(1465);
        assertThat(Holdout.bucket("newsletter", "c-42")).isEqualTo(7129);
        assertThat(Holdout.bucket("birthday", "customer-7")).isEqualTo(6976);
    }

    @Test
    void holdout_holdsOutBucketsBelowThePercentOnly() {
        // bucket("news", "c-1") = 2285 (see above): held out from 22.86 %, not at 22.85 %
        assertThat(Holdout.heldOut("news", "c-1", 22.85)).isFalse();
        assertThat(Holdout.heldOut("news", "c-1", 22.86)).isTrue();
        // bucket("news", "c-24160") = 0: held out at 0.01 %, never at 0 %
        assertThat(Holdout.bucket("news", "c-24160")).isZero();
        assertThat(Holdout.heldOut("news", "c-24160", 0)).isFalse();
        assertThat(Holdout.heldOut("news", "c-24160", 0.01)).isTrue();
    }

    @Test
    void holdout_markerIdIsStablePerOccurrence() {
        String id = Holdout.markerEventId("news", "c-1", "2026-11-22");
        assertThat(id).startsWith("holdout-").hasSize("holdout-".length() + 36);
        assertThat(Holdout.markerEventId("news", "c-1", "2026-11-22")).isEqualTo(id);
        assertThat(Holdout.markerEventId("news", "c-1", "2026-11-23")).isNotEqualTo(id);
        assertThat(Holdout.markerEventId("news", "c-2", "2026-11-22")).isNotEqualTo(id);
    }

    @Test
    void propensity_usesASegmentFromExactlyMinSegmentImpressions_andTheOneWithMostImpressions() {
        Propensity p = new Propensity(1, 19, 200, 100);
        // overall: 1000 impressions, 99 redemptions: (1 + 99) / (20 + 1000) = 100 / 1020
        double overall = 100.0 / 1020;
        OfferStats stats = new OfferStats(
                "o",
                1000,
                99,
                Map.of(
                        "exactly", new OfferStats.Responses(200, 100),
                        "bigger", new OfferStats.Responses(300, 30),
                        "short", new OfferStats.Responses(199, 199)));
        // "exactly" has the minimum 200: (overall · 20 + 100) / (20 + 200)
        assertThat(p.of(stats, Set.of("exactly"))).isCloseTo((overall * 20 + 100) / 220, within(1e-12));
        // 199 are too few: the overall estimate
        assertThat(p.of(stats, Set.of("short"))).isCloseTo(overall, within(1e-12));
        // in both "exactly" (200) and "bigger" (300): "bigger" wins, (overall · 20 + 30) / (20 + 300)
        double bigger = (overall * 20 + 30) / 320;
        assertThat(p.of(stats, new java.util.LinkedHashSet<>(List.of("exactly", "bigger"))))
                .isCloseTo(bigger, within(1e-12));
        assertThat(p.of(stats, new java.util.LinkedHashSet<>(List.of("bigger", "exactly"))))
                .isCloseTo(bigger, within(1e-12));
    }

    @Test
    void propensity_anOfferIsColdBelowColdImpressionsOnly() {
        Propensity p = new Propensity(1, 19, 200, 100);
        assertThat(p.cold(new OfferStats("o", 99, 0, Map.of()))).isTrue();
        assertThat(p.cold(new OfferStats("o", 100, 0, Map.of()))).isFalse();
    }

    @Test
    void arbiter_breaksEqualScoresByOfferId() {
        OfferArbiter arbiter = new OfferArbiter(Propensity.DEFAULTS, 0);
        List<Candidate> candidates = List.of(
                new Candidate(offer("c", OfferTrigger.ALWAYS).build(), YES),
                new Candidate(offer("a", OfferTrigger.ALWAYS).build(), YES),
                new Candidate(offer("b", OfferTrigger.ALWAYS).build(), YES));
        assertThat(arbiter.rank(candidates, id -> null, Set.of(), new Random(1)))
                .extracting(r -> r.offer().offerId())
                .containsExactly("a", "b", "c");
    }

    @Test
    void arbiter_takesExplorationSharesFromZeroToOne() {
        assertThat(new OfferArbiter(Propensity.DEFAULTS, 0)).isNotNull();
        assertThat(new OfferArbiter(Propensity.DEFAULTS, 1)).isNotNull();
        for (double bad : new double[] {-0.01, 1.01, Double.NaN}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OfferArbiter(Propensity.DEFAULTS, bad))
                    .as("%s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void arbiter_exploresOnlyWhenTheDrawIsBelowTheShare() {
        OfferArbiter arbiter = new OfferArbiter(Propensity.DEFAULTS, 0.5);
        Map<String, OfferStats> stats = Map.of("warm", new OfferStats("warm", 1000, 500, Map.of()));
        List<Candidate> candidates = List.of(
                new Candidate(offer("warm", OfferTrigger.ALWAYS).value(10).build(), YES),
                new Candidate(offer("cold", OfferTrigger.ALWAYS).value(10).build(), YES));
        // a draw of exactly the share does not explore; just below it does
        assertThat(arbiter.rank(candidates, stats::get, Set.of(), fixedDraw(0.5))
                        .get(0))
                .extracting(r -> r.offer().offerId(), Ranked::explored)
                .containsExactly("warm", false);
        assertThat(arbiter.rank(candidates, stats::get, Set.of(), fixedDraw(0.4999))
                        .get(0))
                .extracting(r -> r.offer().offerId(), Ranked::explored)
                .containsExactly("cold", true);
    }

    /** A generator whose nextDouble() is always {@code draw} (and nextInt(n) 0). */
    private static java.util.random.RandomGenerator fixedDraw(double draw) {
        return new java.util.random.RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return draw;
            }

            @Override
            public int nextInt(int bound) {
                return 0;
            }
        };
    }

    private static io.rapport.event.Event offerEvent(io.rapport.event.EventType type, String sourceJson) {
        com.fasterxml.jackson.databind.node.ObjectNode source;
        try {
            source = sourceJson == null
                    ? null
                    : (com.fasterxml.jackson.databind.node.ObjectNode)
                            io.rapport.kafka.Json.mapper().readTree(sourceJson);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        return new io.rapport.event.Event(
                "e-1", type, "c-1", 0, null, null, null, List.of(), null, "news", null, null, null, Map.of(), source);
    }

    @Test
    void holdout_markerIsAnOfferImpressionWithHoldoutTrue_only() {
        io.rapport.event.EventType impression = io.rapport.event.EventType.OFFER_IMPRESSION;
        assertThat(Holdout.isMarker(offerEvent(impression, "{\"holdout\":true}")))
                .isTrue();
        assertThat(Holdout.isMarker(offerEvent(impression, "{\"holdout\":false}")))
                .isFalse();
        assertThat(Holdout.isMarker(offerEvent(impression, "{\"holdout\":\"true\"}")))
                .as("a string is not the boolean")
                .isFalse();
        assertThat(Holdout.isMarker(offerEvent(impression, "{}"))).isFalse();
        assertThat(Holdout.isMarker(offerEvent(impression, null))).isFalse();
        assertThat(Holdout.isMarker(offerEvent(io.rapport.event.EventType.OFFER_CLICK, "{\"holdout\":true}")))
                .as("only impressions are markers")
                .isFalse();
    }
}
