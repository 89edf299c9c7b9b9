package io.rapport.offer;

/**
 * The marketing contact caps: at most {@code perDay} marketing impressions per customer per UTC day
 * and {@code perWeek} over the last seven UTC days (today included). Service offers neither count
 * nor are ever blocked. Defaults {@link #DEFAULTS}: 3 a day, 10 a week.
 */
public record ContactCaps(int perDay, int perWeek) {
    public static final ContactCaps DEFAULTS = new ContactCaps(3, 10);

    public ContactCaps {
        if (perDay < 0 || perWeek < 0) {
            throw new IllegalArgumentException("caps must be >= 0: " + perDay + ", " + perWeek);
        }
    }

    /** Whether the caps hold the offer back from a customer with these marketing impressions. */
    public boolean blocks(Offer offer, long marketingToday, long marketingThisWeek) {
        return offer.capped() && (marketingToday >= perDay || marketingThisWeek >= perWeek);
    }

    /** How many more marketing actions the customer may be shown now (0 when capped). */
    public long remaining(long marketingToday, long marketingThisWeek) {
        return Math.max(0, Math.min(perDay - marketingToday, perWeek - marketingThisWeek));
    }
}
