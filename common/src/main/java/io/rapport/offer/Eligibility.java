package io.rapport.offer;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Whether an offer may be shown to a customer on a channel now, before caps, holdout and
 * arbitration: the validity window, the channel, the segments, the trigger (evaluated from {@link
 * OfferFacts} at request time) and consent. Pure and thread-safe.
 *
 * <p>Triggers: {@code birthday} — the birthday's month and day are today's in UTC (29 February
 * counts on 28 February in other years); {@code abandoned_cart} — the cart holds units and was last
 * changed at least {@code abandonAfterMinutes} ago; {@code win_back} — the last purchase is at least
 * {@code inactiveDays} old (a customer who never bought is not won back); {@code cross_sell} — the
 * customer bought an item and there are items to suggest; {@code up_sell} — there are items to
 * suggest. Consent: {@link Offer#needsConsent()} requires {@code marketingConsent}.
 */
public final class Eligibility {
    private static final int MAX_SUGGESTED_ITEMS = 3;

    private Eligibility() {}

    /** Why an offer was not eligible, or that it was. */
    public enum Outcome {
        ELIGIBLE,
        NOT_VALID,
        CHANNEL,
        SEGMENT,
        TRIGGER,
        CONSENT
    }

    /**
     * The verdict on one offer.
     *
     * @param reason a sentence for the customer when eligible, null otherwise
     * @param items the items the action names (cross-sell, up-sell), else empty
     */
    public record Verdict(Outcome outcome, String reason, List<String> items) {
        public boolean eligible() {
            return outcome == Outcome.ELIGIBLE;
        }

        static Verdict no(Outcome outcome) {
            return new Verdict(outcome, null, List.of());
        }
    }

    /** The verdict on {@code offer} for a customer on {@code channel} (null: any channel) at {@code nowMillis}. */
    public static Verdict check(Offer offer, OfferFacts facts, String channel, long nowMillis) {
        if (!offer.validAt(nowMillis)) {
            return Verdict.no(Outcome.NOT_VALID);
        }
        if (channel != null && !offersOn(offer, channel)) {
            return Verdict.no(Outcome.CHANNEL);
        }
        if (!offer.segments().isEmpty() && offer.segments().stream().noneMatch(facts.segments()::contains)) {
            return Verdict.no(Outcome.SEGMENT);
        }
        Verdict triggered = trigger(offer, facts, nowMillis);
        if (!triggered.eligible()) {
            return triggered;
        }
        if (offer.needsConsent() && !facts.marketingConsent()) {
            return Verdict.no(Outcome.CONSENT);
        }
        return triggered;
    }

    /** Whether the offer is for {@code channel}; channel names match whatever their case ({@code APP} is {@code app}). */
    private static boolean offersOn(Offer offer, String channel) {
        for (String c : offer.channels()) {
            if (c.equalsIgnoreCase(channel)) {
                return true;
            }
        }
        return false;
    }

    private static Verdict trigger(Offer offer, OfferFacts facts, long nowMillis) {
        return switch (offer.trigger()) {
            case ALWAYS -> yes("Picked for you: " + offer.title());
            case BIRTHDAY ->
                isBirthday(facts.birthday(), nowMillis)
                        ? yes("It's your birthday today: " + offer.title())
                        : Verdict.no(Outcome.TRIGGER);
            case ABANDONED_CART -> abandonedCart(offer, facts, nowMillis);
            case WIN_BACK -> winBack(offer, facts, nowMillis);
            case CROSS_SELL ->
                facts.boughtItems().isEmpty() || facts.crossSell().isEmpty()
                        ? Verdict.no(Outcome.TRIGGER)
                        : suggest(facts.crossSell(), "Customers who bought %s also bought %s");
            case UP_SELL ->
                facts.upSell().isEmpty()
                        ? Verdict.no(Outcome.TRIGGER)
                        : suggest(facts.upSell(), "A step up in %s, which you buy: %s");
        };
    }

    static boolean isBirthday(LocalDate birthday, long nowMillis) {
        if (birthday == null) {
            return false;
        }
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC);
        MonthDay day = MonthDay.from(birthday);
        if (day.getMonthValue() == 2 && day.getDayOfMonth() == 29 && !today.isLeapYear()) {
            day = MonthDay.of(2, 28);
        }
        return day.equals(MonthDay.from(today));
    }

    private static Verdict abandonedCart(Offer offer, OfferFacts facts, long nowMillis) {
        if (facts.cartUnits() <= 0 || facts.cartUpdatedAt() == null) {
            return Verdict.no(Outcome.TRIGGER);
        }
        long minutes = Duration.ofMillis(nowMillis - facts.cartUpdatedAt()).toMinutes();
        if (minutes < offer.abandonAfterMinutesOrDefault()) {
            return Verdict.no(Outcome.TRIGGER);
        }
        return yes("You left " + plural(facts.cartUnits(), "item") + " in your cart " + ago(minutes) + ": "
                + offer.title());
    }

    private static Verdict winBack(Offer offer, OfferFacts facts, long nowMillis) {
        if (facts.lastPurchaseAt() == null) {
            return Verdict.no(Outcome.TRIGGER);
        }
        long days = Duration.ofMillis(nowMillis - facts.lastPurchaseAt()).toDays();
        if (days < offer.inactiveDaysOrDefault()) {
            return Verdict.no(Outcome.TRIGGER);
        }
        return yes("We miss you: your last order was " + plural(days, "day") + " ago. " + offer.title());
    }

    private static Verdict suggest(List<SuggestedItem> suggestions, String format) {
        List<SuggestedItem> top = suggestions.subList(0, Math.min(MAX_SUGGESTED_ITEMS, suggestions.size()));
        SuggestedItem first = top.get(0);
        return new Verdict(
                Outcome.ELIGIBLE,
                String.format(format, first.becauseName(), first.itemName()),
                top.stream().map(SuggestedItem::itemId).toList());
    }

    private static Verdict yes(String reason) {
        return new Verdict(Outcome.ELIGIBLE, reason, List.of());
    }

    /** "45 minutes ago" up to two hours, "5 hours ago" up to two days, then "25 days ago". */
    private static String ago(long minutes) {
        if (minutes < 120) {
            return plural(minutes, "minute") + " ago";
        }
        long hours = minutes / 60;
        return hours < 48 ? plural(hours, "hour") + " ago" : plural(hours / 24, "day") + " ago";
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
