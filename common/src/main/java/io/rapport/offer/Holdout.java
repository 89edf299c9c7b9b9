package io.rapport.offer;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.event.Event;
import io.rapport.event.EventType;
import java.nio.charset.StandardCharsets;

/**
 * The holdout (control) group of an offer: a customer is held out when the stable hash of
 * (offerId, customerId) falls in the first {@code holdoutPercent} of 10,000 buckets (0.01 %
 * resolution). The same pair always gets the same answer, on every instance and after a restart, and
 * the groups of two offers are independent of each other.
 */
public final class Holdout {
    public static final int BUCKETS = 10_000;

    private Holdout() {}

    public static boolean heldOut(String offerId, String customerId, double holdoutPercent) {
        return bucket(offerId, customerId) < holdoutPercent * (BUCKETS / 100.0);
    }

    /**
     * The eventId of the {@code offer_impression} with {@code "holdout": true} that records a
     * held-out pair for an occurrence (e.g. a UTC day): the same inputs always give the same id, so
     * the marker counts once however many times and wherever it is written.
     */
    public static String markerEventId(String offerId, String customerId, String occurrence) {
        byte[] key = (offerId + '\u0000' + customerId + '\u0000' + occurrence).getBytes(StandardCharsets.UTF_8);
        return "holdout-" + java.util.UUID.nameUUIDFromBytes(key);
    }

    /**
     * Whether the event is a holdout marker: an {@code offer_impression} with {@code "holdout": true}
     * ({@link #markerEventId}), which records a customer put in an offer's control group. It was never
     * shown, so it is no contact, no impression and no sign of the customer: profiles, contact caps
     * and the KPI event counts leave it out; only the offer's holdout group counts it.
     */
    public static boolean isMarker(Event event) {
        if (event.type() != EventType.OFFER_IMPRESSION || event.source() == null) {
            return false;
        }
        JsonNode holdout = event.source().get("holdout");
        return holdout != null && holdout.isBoolean() && holdout.booleanValue();
    }

    /** The pair's bucket in [0, {@value #BUCKETS}). */
    public static int bucket(String offerId, String customerId) {
        long h = 0xcbf29ce484222325L; // FNV-1a 64 over offerId, a 0 separator, customerId
        for (byte b : offerId.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = h * 0x100000001b3L;
        for (byte b : customerId.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        // FNV's low bits are weak for short similar keys; the SplitMix64 finaliser spreads them.
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return (int) Long.remainderUnsigned(h, BUCKETS);
    }
}
