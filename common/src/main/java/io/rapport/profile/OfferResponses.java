package io.rapport.profile;

/** How often a customer was shown, clicked and redeemed offers (distinct events). */
public record OfferResponses(long impressions, long clicks, long redemptions) {
    public static final OfferResponses NONE = new OfferResponses(0, 0, 0);
}
