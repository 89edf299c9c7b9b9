package io.rapport.offer;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The whole offer catalogue, as carried on the compacted {@code offers} topic under the single key
 * {@link #KEY}: one record replaces the catalogue atomically, so every reader sees either the old or
 * the new one, never a mix.
 *
 * <p>Service offers never count toward the contact caps (PRODUCT.md), and the caps look back
 * {@value ContactHistory#DAYS} days, while contact counts name offers by id only. So that retiring a
 * service offer, or making it a marketing one, does not turn its past impressions into marketing
 * contacts, the catalogue remembers such offers for those days with the last UTC day they were a
 * service offer ({@link #next}); their impressions up to that day count as a service offer's.
 *
 * @param offers in the order given, offerIds unique
 * @param updatedAt when the catalogue was accepted, epoch milliseconds
 * @param formerServiceOffers offerId → the last epoch day (UTC) it was a service offer, for offers that
 *     were one in an earlier catalogue of the last {@value ContactHistory#DAYS} days and are not now
 */
public record OfferCatalogue(List<Offer> offers, long updatedAt, Map<String, Long> formerServiceOffers) {
    /** The record key of the catalogue on the {@code offers} topic. */
    public static final String KEY = "catalogue";

    public static final OfferCatalogue EMPTY = new OfferCatalogue(List.of(), 0);

    private static final long DAY_MILLIS = 86_400_000L;

    public OfferCatalogue {
        offers = offers == null ? List.of() : List.copyOf(offers);
        formerServiceOffers = formerServiceOffers == null ? Map.of() : Map.copyOf(formerServiceOffers);
    }

    public OfferCatalogue(List<Offer> offers, long updatedAt) {
        this(offers, updatedAt, Map.of());
    }

    /**
     * The catalogue that replaces this one: {@code offers}, accepted at {@code updatedAt}, remembering
     * this one's service offers that {@code offers} drops or makes marketing offers (as of that day),
     * and the former service offers still within {@value ContactHistory#DAYS} days that are not service
     * offers again.
     */
    public OfferCatalogue next(List<Offer> offers, long updatedAt) {
        long today = Math.floorDiv(updatedAt, DAY_MILLIS);
        Set<String> service = serviceOfferIds(offers);
        Map<String, Long> former = new TreeMap<>();
        formerServiceOffers.forEach((offerId, lastDay) -> {
            if (lastDay > today - ContactHistory.DAYS && !service.contains(offerId)) {
                former.put(offerId, lastDay);
            }
        });
        for (String offerId : serviceOfferIds(this.offers)) {
            if (!service.contains(offerId)) {
                former.put(offerId, today);
            }
        }
        return new OfferCatalogue(offers, updatedAt, former);
    }

    /** Whether {@code offerId} was a service offer on {@code epochDay} by {@link #formerServiceOffers}. */
    public boolean wasServiceOn(String offerId, long epochDay) {
        Long lastDay = formerServiceOffers.get(offerId);
        return lastDay != null && lastDay >= epochDay;
    }

    /** The ids of the service offers among {@code offers}. */
    public static Set<String> serviceOfferIds(List<Offer> offers) {
        return offers.stream().filter(o -> !o.capped()).map(Offer::offerId).collect(Collectors.toUnmodifiableSet());
    }
}
