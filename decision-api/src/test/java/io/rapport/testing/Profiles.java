package io.rapport.testing;

import io.rapport.profile.CartLine;
import io.rapport.profile.CategoryAffinity;
import io.rapport.profile.CustomerProfile;
import io.rapport.profile.FeedbackSummary;
import io.rapport.profile.JourneyStage;
import io.rapport.profile.OfferResponses;
import io.rapport.profile.RecentItem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Customer profiles for tests, with times relative to {@link #NOW}. */
public final class Profiles {
    public static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private Profiles() {}

    /** A buyer of {@code orders} orders worth {@code monetary}, the last {@code daysAgo} days before {@link #NOW}. */
    public static CustomerProfile buyer(String id, int orders, double monetary, int daysAgo, JourneyStage stage) {
        long last = NOW.minus(Duration.ofDays(daysAgo)).toEpochMilli();
        return new CustomerProfile(
                id,
                last - 1000,
                last,
                orders,
                orders,
                monetary,
                monetary / orders,
                last,
                stage,
                List.of(new CategoryAffinity("dairy", 5)),
                List.of(new RecentItem("milk", "dairy", "purchase", last)),
                List.of(),
                null,
                Map.of("tier", "gold"),
                FeedbackSummary.NONE,
                OfferResponses.NONE,
                last);
    }

    /** A one-order customer whose recent items are {@code lines}, seen at {@code at}. */
    public static CustomerProfile withRecentItems(String id, long at, RecentItem... lines) {
        return new CustomerProfile(
                id,
                0,
                at,
                1,
                1,
                1.0,
                1.0,
                at,
                JourneyStage.FIRST_PURCHASE,
                List.of(),
                List.of(lines),
                List.of(),
                null,
                Map.of(),
                null,
                OfferResponses.NONE,
                at);
    }

    /** A customer who only browsed, with one item in the cart. */
    public static CustomerProfile browser(String id) {
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
                JourneyStage.CARTED,
                List.of(),
                List.of(new RecentItem("milk", "dairy", "add_to_cart", at)),
                List.of(new CartLine("milk", "dairy", 1.5, 2, at)),
                at,
                Map.of(),
                FeedbackSummary.NONE,
                OfferResponses.NONE,
                at);
    }

    /**
     * A regular shopper as the profile job publishes one after about a month: 33 recent items, 10
     * top categories, one cart line, four attributes, a rated comment, ids of realistic length.
     */
    public static CustomerProfile typical(String id) {
        long t = NOW.toEpochMilli();
        List<RecentItem> recent = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            String type = i < 9 ? "purchase" : i < 13 ? "add_to_cart" : "view";
            recent.add(new RecentItem("item-" + (1000 + i), "category-" + (i % 18), type, t - i * 3_600_000L));
        }
        List<CategoryAffinity> top = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            top.add(new CategoryAffinity("category-" + i, 12.5 / (i + 1)));
        }
        Map<String, Object> attributes =
                Map.of("birthday", "1990-05-01", "tier", "gold", "marketingConsent", true, "signupDate", "2020-01-01");
        return new CustomerProfile(
                id,
                t - 40 * 86_400_000L,
                t,
                3,
                9,
                22.5,
                7.5,
                t - 86_400_000L,
                JourneyStage.REPEAT,
                top,
                recent,
                List.of(new CartLine("item-1003", "category-3", 2.5, 1, t - 7_200_000L)),
                t - 7_200_000L,
                attributes,
                new FeedbackSummary(1, 4.0, "Fast delivery, fresh produce.", t),
                new OfferResponses(2, 1, 0),
                t);
    }
}
