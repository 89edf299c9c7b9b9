package io.rapport.offer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Ranks a customer's eligible offers: score = propensity × value × weight (see {@link
 * Propensity}), highest first, ties by offerId. Exploration: in a share {@code explorationShare} of
 * decisions that have a cold offer among the candidates, one cold offer drawn at random goes first,
 * so new offers collect the impressions their propensity needs instead of starving behind offers
 * that already have data; the answer is then not in score order. The API's share is {@code
 * RAPPORT_OFFER_EXPLORATION}, 0 (off) by default. Thread-safe if the random generator is.
 */
public final class OfferArbiter {
    private final Propensity propensity;
    private final double explorationShare;

    public OfferArbiter(Propensity propensity, double explorationShare) {
        if (!(explorationShare >= 0 && explorationShare <= 1)) {
            throw new IllegalArgumentException("explorationShare must be 0 to 1: " + explorationShare);
        }
        this.propensity = propensity;
        this.explorationShare = explorationShare;
    }

    /** An eligible offer with the verdict that made it so. */
    public record Candidate(Offer offer, Eligibility.Verdict verdict) {}

    /** A ranked offer; {@code explored} when it was put first to explore. */
    public record Ranked(Offer offer, Eligibility.Verdict verdict, double score, boolean explored) {}

    public List<Ranked> rank(
            List<Candidate> candidates,
            Function<String, OfferStats> stats,
            Set<String> segments,
            RandomGenerator random) {
        List<Ranked> ranked = new ArrayList<>(candidates.size());
        List<Integer> cold = new ArrayList<>();
        for (Candidate c : candidates) {
            OfferStats s = stats.apply(c.offer().offerId());
            if (s == null) {
                s = OfferStats.none(c.offer().offerId());
            }
            double score =
                    propensity.of(s, segments) * c.offer().value() * c.offer().weight();
            ranked.add(new Ranked(c.offer(), c.verdict(), score, false));
        }
        ranked.sort(Comparator.comparingDouble(Ranked::score)
                .reversed()
                .thenComparing(r -> r.offer().offerId()));
        for (int i = 0; i < ranked.size(); i++) {
            OfferStats s = stats.apply(ranked.get(i).offer().offerId());
            if (s == null || propensity.cold(s)) {
                cold.add(i);
            }
        }
        if (!cold.isEmpty() && explorationShare > 0 && random.nextDouble() < explorationShare) {
            Ranked chosen = ranked.remove((int) cold.get(random.nextInt(cold.size())));
            ranked.add(0, new Ranked(chosen.offer(), chosen.verdict(), chosen.score(), true));
        }
        return ranked;
    }
}
