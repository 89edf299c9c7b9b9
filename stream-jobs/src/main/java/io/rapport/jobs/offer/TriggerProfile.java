package io.rapport.jobs.offer;

/**
 * What the marketing triggers fold from a customer's events to know the customer's segments at
 * firing time (see {@link TriggerSegments}): the inputs of the journey stage and of the rule
 * fields the stream can know, and the {@code tier} attribute.
 *
 * <p>A Flink POJO (public fields, public no-argument constructor), serialized without Kryo.
 */
public class TriggerProfile {
    /** Distinct orderIds counted. */
    public int orders;
    /** Units bought. */
    public long itemsBought;
    /** Money spent: price × quantity over every counted order. */
    public double monetary;
    /** Latest event time of any event of the customer, epoch milliseconds. */
    public long lastSeen;
    /** Viewed, carted or searched anything. */
    public boolean browsed;
    /** The {@code tier} attribute, null when not set. */
    public String tier;
    /**
     * When the update that last set or removed {@link #tier} took effect ({@link TriggerEvent#attributesAt});
     * 0 in state written before it was kept, so that the next update wins as it did then.
     */
    public long tierSetAt;

    public TriggerProfile() {}
}
