package io.rapport.jobs.kpi;

/**
 * A customer's first exposure to one offer: when, in which group, and whether a purchase within the
 * conversion window has converted them. A Flink POJO, kept in keyed state.
 */
public class OfferExposure {
    /** Event time of the first exposure, epoch milliseconds. */
    public long firstAt;
    /** True when held out (control), false when shown (treated). */
    public boolean holdout;

    public boolean converted;

    public OfferExposure() {}

    public OfferExposure(long firstAt, boolean holdout) {
        this.firstAt = firstAt;
        this.holdout = holdout;
    }
}
