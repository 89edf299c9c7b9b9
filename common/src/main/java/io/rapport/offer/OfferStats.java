package io.rapport.offer;

import java.util.Map;

/**
 * How one offer performed, as carried on the compacted {@code offer-stats} topic keyed by offerId:
 * distinct impressions and redemptions (held-out impressions excluded), overall and per segment
 * of the customer at the time of the impression.
 */
public record OfferStats(String offerId, long impressions, long redemptions, Map<String, Responses> bySegment) {

    /** Impressions and redemptions of one segment. */
    public record Responses(long impressions, long redemptions) {}

    public OfferStats {
        bySegment = bySegment == null ? Map.of() : Map.copyOf(bySegment);
    }

    public static OfferStats none(String offerId) {
        return new OfferStats(offerId, 0, 0, Map.of());
    }
}
