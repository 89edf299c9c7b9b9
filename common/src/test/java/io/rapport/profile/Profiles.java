package io.rapport.profile;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Profile factories for the tests of this package. */
final class Profiles {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private Profiles() {}

    /** A buyer with {@code orders} orders worth {@code monetary}, the last {@code daysAgo} days before {@link #NOW}. */
    static CustomerProfile buyer(String id, int orders, double monetary, int daysAgo) {
        long last = NOW.minusSeconds(86_400L * daysAgo).toEpochMilli();
        return new CustomerProfile(
                id,
                last,
                last,
                orders,
                orders,
                monetary,
                monetary / orders,
                last,
                JourneyStage.FIRST_PURCHASE,
                List.of(),
                List.of(),
                List.of(),
                null,
                Map.of(),
                FeedbackSummary.NONE,
                OfferResponses.NONE,
                NOW.toEpochMilli());
    }

    static CustomerProfile browser(String id) {
        long at = NOW.toEpochMilli();
        return new CustomerProfile(
                id,
                at,
                at,
                0,
                0,
                0,
                0,
                null,
                JourneyStage.BROWSING,
                List.of(),
                List.of(),
                List.of(),
                null,
                Map.of(),
                FeedbackSummary.NONE,
                OfferResponses.NONE,
                at);
    }
}
