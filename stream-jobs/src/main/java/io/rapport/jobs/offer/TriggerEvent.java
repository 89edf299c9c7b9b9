package io.rapport.jobs.offer;

import io.rapport.event.EventType;

/**
 * What the marketing triggers need of an event: every event's type and time (activity, for the
 * journey stage), cart changes and purchases (their item ids and quantities; a purchase's {@link
 * #orderId}, {@link #orderValue}), profile updates ({@link #birthday}, {@link #marketingConsent},
 * {@link #tier}, null when the update does not set them), real offer impressions ({@link #offerId};
 * null for holdout markers and recommendation placements) and erasures.
 *
 * <p>A Flink POJO (public fields, public no-argument constructor), serialized without Kryo.
 */
public class TriggerEvent {
    public String eventId;
    public String customerId;
    public EventType type;
    /** Event time, epoch milliseconds. */
    public long timestamp;
    /**
     * When a profile update's attributes take effect, epoch milliseconds: the event time, or the time
     * of its Kafka record if earlier (an event stamped ahead of the clock).
     */
    public long attributesAt;

    public String[] itemIds;
    public int[] quantities;
    /** {@code YYYY-MM-DD}; an empty string when an update removed it. */
    public String birthday;

    public Boolean marketingConsent;
    public String offerId;
    public String orderId;
    /** A purchase's price × quantity summed over its lines. */
    public double orderValue;
    /** The {@code tier} attribute; an empty string when an update removed it. */
    public String tier;

    public TriggerEvent() {}

    @Override
    public String toString() {
        return type + " " + eventId + " by " + customerId + " at " + timestamp;
    }
}
