package io.rapport.offer;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rapport.event.IsoTimestamps;
import java.util.List;

/**
 * One offer of the catalogue, as {@code PUT /v1/offers} takes it and {@code GET /v1/offers} returns
 * it. Built by {@link OfferValidator} (or decoded from the {@code offers} topic, which only carries
 * validated catalogues), so every instance obeys its rules: ids are 1–256 printable characters,
 * {@code channels} is not empty, {@code value} is 0–{@value #MAX_VALUE}, {@code weight} is
 * 0–{@value #MAX_WEIGHT}, {@code
 * holdoutPercent} is 0–100 and {@code validFrom} is before {@code validTo}.
 *
 * @param abandonAfterMinutes for {@link OfferTrigger#ABANDONED_CART}: minutes the cart must be
 *     untouched, null for the default {@value #DEFAULT_ABANDON_AFTER_MINUTES}
 * @param inactiveDays for {@link OfferTrigger#WIN_BACK}: days since the last purchase, null for the
 *     default {@value #DEFAULT_INACTIVE_DAYS}
 * @param segments the customer must be in one of them; empty = everybody
 * @param requiresConsent the offer needs {@code marketingConsent: true} even if it is a service offer
 *     (marketing offers always need it)
 * @param validFrom first instant the offer is valid, ISO-8601 UTC
 * @param validTo first instant it is no longer valid, ISO-8601 UTC
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Offer(
        String offerId,
        String title,
        String action,
        OfferTrigger trigger,
        Integer abandonAfterMinutes,
        Integer inactiveDays,
        List<String> channels,
        ContactClass contactClass,
        List<String> segments,
        boolean requiresConsent,
        double value,
        double weight,
        double holdoutPercent,
        String validFrom,
        String validTo) {

    public static final int DEFAULT_ABANDON_AFTER_MINUTES = 30;
    public static final int DEFAULT_INACTIVE_DAYS = 60;
    /**
     * The largest {@code value}: far above any reward's worth in any currency, and small enough that
     * propensity × value × weight stays a finite score that rounds to six decimals.
     */
    public static final double MAX_VALUE = 1e9;
    /** The largest {@code weight}. */
    public static final double MAX_WEIGHT = 1e6;

    /** Whether showing the offer needs the customer's marketing consent. */
    public boolean needsConsent() {
        return requiresConsent || contactClass == ContactClass.MARKETING;
    }

    /** Whether it counts toward, and is held back by, the contact caps. */
    public boolean capped() {
        return contactClass == ContactClass.MARKETING;
    }

    /**
     * Whether the offer is valid at {@code nowMillis}: {@code validFrom <= now < validTo}. Asked for
     * every offer on every next-best-actions request, so the times are read by {@link
     * IsoTimestamps}, not {@code Instant.parse} (which took almost half of such a request).
     */
    public boolean validAt(long nowMillis) {
        return IsoTimestamps.toEpochMilli(validFrom) <= nowMillis && nowMillis < IsoTimestamps.toEpochMilli(validTo);
    }

    /** Minutes after the latest cart change the cart counts as abandoned. */
    public int abandonAfterMinutesOrDefault() {
        return abandonAfterMinutes == null ? DEFAULT_ABANDON_AFTER_MINUTES : abandonAfterMinutes;
    }

    /** Days without a purchase after which a customer is to be won back. */
    public int inactiveDaysOrDefault() {
        return inactiveDays == null ? DEFAULT_INACTIVE_DAYS : inactiveDays;
    }
}
