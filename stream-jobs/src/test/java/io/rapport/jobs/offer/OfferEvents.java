package io.rapport.jobs.offer;

import io.rapport.event.EventType;
import java.time.Instant;

/** Named instants and event factories for the offer job tests. */
final class OfferEvents {
    static final long DAY = 86_400_000L;
    static final long MONDAY = Instant.parse("2026-11-23T09:00:00Z").toEpochMilli();

    private OfferEvents() {}

    static OfferOutcome impression(String eventId, String customerId, String offerId, long at) {
        return new OfferOutcome(eventId, customerId, offerId, EventType.OFFER_IMPRESSION, at);
    }

    static OfferOutcome redeem(String eventId, String customerId, String offerId, long at) {
        return new OfferOutcome(eventId, customerId, offerId, EventType.OFFER_REDEEM, at);
    }

    static OfferOutcome erase(String customerId, long at) {
        return new OfferOutcome("erase-" + customerId, customerId, null, EventType.ERASE, at);
    }

    /** The JSON of an offer event as the API accepts it; {@code extra} is inserted verbatim. */
    static String json(String eventId, String type, String customerId, String offerId, long at, String extra) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"" + type + "\",\"customerId\":\"" + customerId
                + "\",\"timestamp\":\"" + Instant.ofEpochMilli(at) + "\""
                + (offerId == null ? "" : ",\"offerId\":\"" + offerId + "\"") + extra + "}";
    }
}
