package io.rapport.jobs.offer;

import io.rapport.event.EventType;

/**
 * What the offer jobs need of an event: a customer's real response to an offer ({@code
 * offer_impression}, {@code offer_click}, {@code offer_redeem}), or an {@code erase} ({@link
 * #offerId} null). Holdout markers and recommendation impressions are not offer outcomes and never
 * become one (see {@link ParseOfferOutcomesFunction}).
 *
 * <p>Any other valid event becomes a {@link #clock} outcome ({@link #type} null), which only moves
 * the job's event time and is dropped right after the watermarks ({@link #counts}).
 *
 * <p>{@link #segments}: the segment names the event carries ({@code io.rapport.offer.OutcomeSegments}),
 * empty when none.
 *
 * <p>A Flink POJO (public fields, public no-argument constructor), serialized without Kryo.
 */
public class OfferOutcome {
    public String eventId;
    public String customerId;
    public String offerId;
    public EventType type;
    /** Event time, epoch milliseconds. */
    public long timestamp;

    public String[] segments = new String[0];

    public OfferOutcome() {}

    public OfferOutcome(String eventId, String customerId, String offerId, EventType type, long timestamp) {
        this(eventId, customerId, offerId, type, timestamp, new String[0]);
    }

    public OfferOutcome(
            String eventId, String customerId, String offerId, EventType type, long timestamp, String[] segments) {
        this.segments = segments;
        this.eventId = eventId;
        this.customerId = customerId;
        this.offerId = offerId;
        this.type = type;
        this.timestamp = timestamp;
    }

    /**
     * An event that is no offer outcome, as its time only: it moves the offer jobs' watermark (the
     * contact windows and the responses' retention follow every event, as in the other jobs) and
     * goes no further.
     */
    public static OfferOutcome clock(String eventId, String customerId, long timestamp) {
        return new OfferOutcome(eventId, customerId, null, null, timestamp);
    }

    /** Whether the offer jobs count this outcome; else it is a {@link #clock} outcome. */
    public static boolean counts(OfferOutcome outcome) {
        return outcome.type != null;
    }

    @Override
    public String toString() {
        return type + " " + eventId + " of " + offerId + " by " + customerId + " at " + timestamp;
    }
}
