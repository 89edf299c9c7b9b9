package io.rapport.jobs.offer;

/**
 * A change to one offer's {@code OfferStats}, from {@link OfferResponsesFunction} to {@link
 * OfferStatsFunction}: {@link #impressions} and {@link #redemptions} are added to the offer's
 * totals when {@link #overall}, and to each segment of {@link #segments}. Negative on an erase or
 * when a customer's contribution leaves the retention window.
 *
 * <p>A Flink POJO (public fields, public no-argument constructor), serialized without Kryo.
 */
public class OfferStatsDelta {
    public String offerId;
    public boolean overall;
    public String[] segments = new String[0];
    public long impressions;
    public long redemptions;

    public OfferStatsDelta() {}

    public OfferStatsDelta(String offerId, boolean overall, String[] segments, long impressions, long redemptions) {
        this.offerId = offerId;
        this.overall = overall;
        this.segments = segments;
        this.impressions = impressions;
        this.redemptions = redemptions;
    }

    @Override
    public String toString() {
        return offerId + (overall ? " overall" : "") + " segments " + String.join(",", segments) + ": " + impressions
                + " impressions, " + redemptions + " redemptions";
    }
}
