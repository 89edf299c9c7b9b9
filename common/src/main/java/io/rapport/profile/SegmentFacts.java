package io.rapport.profile;

import java.time.Duration;

/**
 * What segment rules are evaluated on: a profile, its RFM scores (null for a customer without
 * orders) and the whole days since its last purchase (null without orders).
 */
public record SegmentFacts(CustomerProfile profile, RfmScores rfm, Long recencyDays) {

    /** The facts of {@code profile} at wall-clock time {@code nowMillis}, scored by {@code quintiles}. */
    public static SegmentFacts of(CustomerProfile profile, RfmQuintiles quintiles, long nowMillis) {
        Long recency = profile.isBuyer()
                ? Math.max(
                        0,
                        Duration.ofMillis(nowMillis - profile.lastPurchaseAt()).toDays())
                : null;
        return new SegmentFacts(profile, quintiles.score(profile).orElse(null), recency);
    }
}
