package io.rapport.offer;

import java.util.Set;

/**
 * The probability that showing an offer leads to a redemption, learned from the offer's own
 * impressions and redemptions with a Beta({@code alpha}, {@code beta}) prior: the posterior mean
 * {@code (alpha + redemptions) / (alpha + beta + impressions)}. When the customer is in a segment
 * with at least {@code minSegmentImpressions} impressions of the offer, the segment's counts are
 * used, shrunk toward the offer-wide estimate with {@code alpha + beta} pseudo-impressions (the
 * segment with the most impressions wins if the customer is in several). An offer with fewer than
 * {@code coldImpressions} impressions is cold (see {@link OfferArbiter}).
 *
 * <p>Defaults {@link #DEFAULTS}: prior Beta(1, 19) (5 %), segments from 200 impressions, cold below
 * 100.
 */
public record Propensity(double alpha, double beta, long minSegmentImpressions, long coldImpressions) {
    public static final Propensity DEFAULTS = new Propensity(1, 19, 200, 100);

    public double of(OfferStats stats, Set<String> segments) {
        double overall = posterior(alpha, beta, stats.impressions(), stats.redemptions());
        OfferStats.Responses best = null;
        for (String segment : segments) {
            OfferStats.Responses r = stats.bySegment().get(segment);
            if (r != null
                    && r.impressions() >= minSegmentImpressions
                    && (best == null || r.impressions() > best.impressions())) {
                best = r;
            }
        }
        if (best == null) {
            return overall;
        }
        double strength = alpha + beta;
        return posterior(overall * strength, (1 - overall) * strength, best.impressions(), best.redemptions());
    }

    public boolean cold(OfferStats stats) {
        return stats.impressions() < coldImpressions;
    }

    private static double posterior(double a, double b, long impressions, long redemptions) {
        long r = Math.min(Math.max(0, redemptions), Math.max(0, impressions));
        return (a + r) / (a + b + Math.max(0, impressions));
    }
}
