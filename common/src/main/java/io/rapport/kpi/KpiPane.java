package io.rapport.kpi;

import java.util.Map;

/**
 * The exact counts of one minute, hour or UTC day of event time ({@link PaneSize}), as the KPI job
 * publishes them on the compacted {@code kpis} topic under {@link PaneSize#key} (the start in
 * ISO-8601, e.g. {@code 2026-11-22T17:00:00Z}, with {@code /PT1H} or {@code /P1D} appended for hour
 * and day panes). A later record for the same pane replaces the earlier one; a tombstone removes a
 * pane older than the job's retention of its size. Counts are additive, so a window's counts are
 * the sums of its panes' (of one size: every event is counted in a pane of each size).
 *
 * @param start first millisecond of the pane, epoch milliseconds, a multiple of {@code size}
 * @param events accepted events by wire type ({@code view}, {@code purchase}, …)
 * @param counts the other counts, named by the constants of this class
 * @param offers per offerId, counts named by the {@code OFFER_*} constants
 * @param buyers customers whose purchase falls in this pane and in no earlier part of it, by the
 *     start (ISO-8601) of the pane of their previous purchase (a pane of the same size), {@link
 *     #NO_PREVIOUS_PURCHASE} when none is known within {@link PaneSize#keyHorizon()}; for retention
 * @param size length of the pane in milliseconds, one of {@link PaneSize}'s (0 when absent from an
 *     older record: a minute)
 */
public record KpiPane(
        long start,
        Map<String, Long> events,
        Map<String, Long> counts,
        Map<String, Map<String, Long>> offers,
        Map<String, Long> buyers,
        long size) {
    /** The size of a minute pane. */
    public static final long SIZE_MILLIS = 60_000;

    public static final String VIEWS = "views";
    public static final String ADD_TO_CARTS = "addToCarts";
    public static final String PURCHASES = "purchases";
    public static final String ORDERS = "orders";
    /** Revenue in millionths, so that sums are exact whatever their order. */
    public static final String REVENUE_MICROS = "revenueMicros";

    public static final String RECOMMENDATION_IMPRESSIONS = "recommendationImpressions";
    public static final String RECOMMENDATION_CLICKS = "recommendationClicks";
    public static final String ATTRIBUTED_REVENUE_MICROS = "attributedRevenueMicros";
    public static final String FEEDBACK = "feedback";
    public static final String RATING_SUM = "ratingSum";

    public static final String OFFER_IMPRESSIONS = "impressions";
    public static final String OFFER_CLICKS = "clicks";
    public static final String OFFER_REDEMPTIONS = "redemptions";
    /** Customers first exposed in this pane who saw the offer. */
    public static final String OFFER_TREATED = "treatedCustomers";

    public static final String OFFER_TREATED_CONVERTED = "treatedConverted";
    /** Customers first exposed in this pane who were held out (control). */
    public static final String OFFER_HOLDOUT = "holdoutCustomers";

    public static final String OFFER_HOLDOUT_CONVERTED = "holdoutConverted";
    /**
     * Revenue (millionths) of the purchases that converted treated customers first exposed in this
     * pane: the attributed revenue of an offer.
     */
    public static final String OFFER_CONVERTED_REVENUE_MICROS = "convertedRevenueMicros";

    /** The {@link #buyers} key of customers with no known previous purchase. */
    public static final String NO_PREVIOUS_PURCHASE = "none";

    public KpiPane {
        events = events == null ? Map.of() : events;
        counts = counts == null ? Map.of() : counts;
        offers = offers == null ? Map.of() : offers;
        buyers = buyers == null ? Map.of() : buyers;
        size = PaneSize.ofMillis(size).millis();
    }

    /** A minute pane. */
    public KpiPane(
            long start,
            Map<String, Long> events,
            Map<String, Long> counts,
            Map<String, Map<String, Long>> offers,
            Map<String, Long> buyers) {
        this(start, events, counts, offers, buyers, SIZE_MILLIS);
    }

    /** A minute pane without retention counts. */
    public KpiPane(
            long start, Map<String, Long> events, Map<String, Long> counts, Map<String, Map<String, Long>> offers) {
        this(start, events, counts, offers, Map.of());
    }

    /** This pane's counts as a pane of {@code size} starting at {@code start}. */
    public KpiPane at(long start, PaneSize size) {
        return new KpiPane(start, events, counts, offers, buyers, size.millis());
    }

    /** The start of the pane holding {@code timestamp}. */
    public static long paneStart(long timestamp) {
        return Math.floorDiv(timestamp, SIZE_MILLIS) * SIZE_MILLIS;
    }

    /** A named count, 0 when absent. */
    public long count(String name) {
        return counts.getOrDefault(name, 0L);
    }

    /**
     * {@code a + b}, held at {@link Long#MAX_VALUE} (or {@link Long#MIN_VALUE}) instead of wrapping
     * around: a sum past 9.2·10¹⁸ (revenue past 9.2·10¹² in millionths) stays the largest number
     * and never turns negative. Counts and revenue within the input limits never get there.
     */
    public static long sum(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    /** Money in millionths of the currency unit, rounded half up. */
    public static long micros(double amount) {
        return Math.round(amount * 1_000_000d);
    }
}
