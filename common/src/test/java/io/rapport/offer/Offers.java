package io.rapport.offer;

import java.util.List;

/** Builds offers for tests: {@code Offers.offer("o-1", OfferTrigger.ALWAYS).marketing().build()}. */
final class Offers {
    private final String offerId;
    private final OfferTrigger trigger;
    private ContactClass contactClass = ContactClass.SERVICE;
    private List<String> channels = List.of("app");
    private List<String> segments = List.of();
    private double value = 1;
    private double weight = 1;
    private double holdoutPercent;
    private Integer abandonAfterMinutes;
    private Integer inactiveDays;
    private String validFrom = "2026-01-01T00:00:00Z";
    private String validTo = "2027-01-01T00:00:00Z";

    private Offers(String offerId, OfferTrigger trigger) {
        this.offerId = offerId;
        this.trigger = trigger;
    }

    static Offers offer(String offerId, OfferTrigger trigger) {
        return new Offers(offerId, trigger);
    }

    Offers marketing() {
        contactClass = ContactClass.MARKETING;
        return this;
    }

    Offers channels(String... channels) {
        this.channels = List.of(channels);
        return this;
    }

    Offers segments(String... segments) {
        this.segments = List.of(segments);
        return this;
    }

    Offers value(double value) {
        this.value = value;
        return this;
    }

    Offers weight(double weight) {
        this.weight = weight;
        return this;
    }

    Offers holdout(double percent) {
        this.holdoutPercent = percent;
        return this;
    }

    Offers abandonAfterMinutes(int minutes) {
        this.abandonAfterMinutes = minutes;
        return this;
    }

    Offers inactiveDays(int days) {
        this.inactiveDays = days;
        return this;
    }

    Offers valid(String from, String to) {
        this.validFrom = from;
        this.validTo = to;
        return this;
    }

    Offer build() {
        return new Offer(
                offerId,
                "Title of " + offerId,
                "offer",
                trigger,
                abandonAfterMinutes,
                inactiveDays,
                channels,
                contactClass,
                segments,
                false,
                value,
                weight,
                holdoutPercent,
                validFrom,
                validTo);
    }
}
