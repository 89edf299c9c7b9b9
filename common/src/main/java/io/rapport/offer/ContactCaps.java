package io.rapport.offer;

import io.rapport.config.WholeNumbers;
import java.util.Map;

/**
 * The marketing contact caps: at most {@code perDay} marketing impressions per customer per UTC day
 * and {@code perWeek} over the last seven UTC days (today included). Service offers neither count
 * nor are ever blocked. Defaults {@link #DEFAULTS}: 3 a day, 10 a week; {@link #fromEnvironment}
 * reads {@code RAPPORT_CONTACTS_PER_DAY} and {@code RAPPORT_CONTACTS_PER_WEEK}, which the API and the
 * marketing-triggers job must both be given.
 */
public record ContactCaps(int perDay, int perWeek) {
    public static final ContactCaps DEFAULTS = new ContactCaps(3, 10);

    /** The most either cap may be: far above any contact policy, so that a typo is caught. */
    public static final int MAX_CAP = 1_000;

    public ContactCaps {
        if (perDay < 0 || perWeek < 0) {
            throw new IllegalArgumentException("caps must be >= 0: " + perDay + ", " + perWeek);
        }
    }

    /**
     * The caps from {@code RAPPORT_CONTACTS_PER_DAY} and {@code RAPPORT_CONTACTS_PER_WEEK}, whole
     * numbers from 0 (no marketing offer at all) to {@value #MAX_CAP}; the defaults where unset or empty.
     *
     * @throws IllegalArgumentException naming the variable that is wrong
     */
    public static ContactCaps fromEnvironment(Map<String, String> env) {
        return new ContactCaps(
                cap(env, "RAPPORT_CONTACTS_PER_DAY", DEFAULTS.perDay),
                cap(env, "RAPPORT_CONTACTS_PER_WEEK", DEFAULTS.perWeek));
    }

    private static int cap(Map<String, String> env, String name, int fallback) {
        String raw = env.get(name);
        return raw == null || raw.isBlank() ? fallback : WholeNumbers.parse(name, raw, 0, MAX_CAP);
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
