package io.rapport.jobs.kpi;

/**
 * A customer's first exposure to one offer (in event time): when, in which group, and whether a
 * purchase within the conversion window has converted them, by which purchase. A Flink POJO, kept in
 * keyed state.
 */
public class OfferExposure {
    /** Event time of the first exposure, epoch milliseconds. */
    public long firstAt;
    /** True when held out (control), false when shown (treated). */
    public boolean holdout;

    public boolean converted;
    /**
     * Event time of the converting purchase (the earliest within the conversion window), null when
     * not converted, or converted before this was kept (such a conversion is left as it is).
     */
    public Long convertedAt;
    /** The converting purchase's value, millionths, counted as converted revenue when treated. */
    public long convertedRevenueMicros;

    public OfferExposure() {}

    public OfferExposure(long firstAt, boolean holdout) {
        this.firstAt = firstAt;
        this.holdout = holdout;
    }
}
