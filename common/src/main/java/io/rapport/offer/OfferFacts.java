package io.rapport.offer;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * What the offer rules need to know about one customer at request time: a narrow view of the
 * profile (see {@code io.rapport.profile.CustomerProfile}) plus the cross-sell and up-sell items the
 * API found for them. Keeps the rules independent of how profiles are stored.
 *
 * @param known whether the customer has a profile; an unknown customer has no consent, no cart, no
 *     purchases and no segments, so only {@code always} offers that need no consent reach them
 * @param birthday from the {@code birthday} attribute, null when absent or unreadable
 * @param marketingConsent the {@code marketingConsent} attribute is {@code true}
 * @param cartUnits units in the live cart
 * @param cartUpdatedAt latest cart change, epoch milliseconds, null if never
 * @param lastPurchaseAt latest order, epoch milliseconds, null without orders
 * @param segments segment names and the journey stage the customer is in
 * @param boughtItems items the customer bought
 * @param crossSell items bought by customers who bought the customer's items, none already bought
 * @param upSell pricier items in categories the customer buys, none already bought
 */
public record OfferFacts(
        String customerId,
        boolean known,
        LocalDate birthday,
        boolean marketingConsent,
        int cartUnits,
        Long cartUpdatedAt,
        Long lastPurchaseAt,
        Set<String> segments,
        Set<String> boughtItems,
        List<SuggestedItem> crossSell,
        List<SuggestedItem> upSell) {

    public OfferFacts {
        segments = Set.copyOf(segments);
        boughtItems = Set.copyOf(boughtItems);
        crossSell = List.copyOf(crossSell);
        upSell = List.copyOf(upSell);
    }

    /** A customer without a profile. */
    public static OfferFacts unknown(String customerId) {
        return new OfferFacts(customerId, false, null, false, 0, null, null, Set.of(), Set.of(), List.of(), List.of());
    }
}
