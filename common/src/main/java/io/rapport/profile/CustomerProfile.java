package io.rapport.profile;

import java.util.List;
import java.util.Map;

/**
 * One customer's profile as the profile job publishes it on the compacted {@code profiles} topic,
 * keyed by customerId; a tombstone means the customer was erased or their profile expired. Times are
 * event time in epoch milliseconds unless said otherwise.
 *
 * @param firstSeen time of the customer's earliest counted event
 * @param lastSeen time of their latest counted event
 * @param orders distinct orders (a repeated orderId or purchase eventId counts once)
 * @param itemsBought sum of the quantities of every counted order line
 * @param monetary sum of price × quantity over counted orders
 * @param aov average order value, {@code monetary / orders}; 0 without orders
 * @param lastPurchaseAt time of the latest counted order, null without orders
 * @param journeyStage where the customer stands, see {@link JourneyRules}
 * @param topCategories the categories with the highest time-decayed affinity, highest first,
 *     decayed to {@code lastSeen}
 * @param recentItems the latest item interactions (view, add_to_cart, purchase), newest first; at
 *     equal times the later arrival first
 * @param cart the live cart, in the order items were first added
 * @param cartUpdatedAt time of the latest cart change, null when the cart never changed
 * @param attributes the customer's attributes from {@code profile_update} events, merged, as given
 * @param feedback the customer's feedback so far
 * @param offers the customer's offer responses so far
 * @param updatedAt processing time of this snapshot
 */
public record CustomerProfile(
        String customerId,
        long firstSeen,
        long lastSeen,
        int orders,
        long itemsBought,
        double monetary,
        double aov,
        Long lastPurchaseAt,
        JourneyStage journeyStage,
        List<CategoryAffinity> topCategories,
        List<RecentItem> recentItems,
        List<CartLine> cart,
        Long cartUpdatedAt,
        Map<String, Object> attributes,
        FeedbackSummary feedback,
        OfferResponses offers,
        long updatedAt) {

    /** Whether the customer has at least one counted order, so that they take part in RFM scoring. */
    public boolean isBuyer() {
        return orders > 0 && lastPurchaseAt != null;
    }
}
