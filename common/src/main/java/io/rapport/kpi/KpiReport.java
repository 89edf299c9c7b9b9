package io.rapport.kpi;

import java.util.Map;

/**
 * The answer of {@code GET /v1/kpis} (PRODUCT.md, "KPIs"): exact counts over a window of event
 * time and the rates derived from them. A rate whose denominator is 0 is null.
 *
 * @param window the window as asked, e.g. {@code 1h}
 * @param from first instant of the window (ISO-8601), inclusive
 * @param to end of the window (ISO-8601), exclusive: the end of the newest pane received
 * @param events accepted events by wire type
 * @param revenue sum of price × quantity over purchases
 * @param orders distinct orderIds
 * @param aov revenue / orders
 * @param offers per offerId, offer funnel and holdout uplift
 * @param satisfaction feedback count and average rating (beyond the PRODUCT.md shape)
 * @param retention of the previous period's buyers, who bought again in this window (see {@link Retention})
 */
public record KpiReport(
        String window,
        String from,
        String to,
        Map<String, Long> events,
        Funnel funnel,
        double revenue,
        long orders,
        Double aov,
        Map<String, OfferKpis> offers,
        Recommendations recommendations,
        Satisfaction satisfaction,
        Retention retention) {

    /** @param conversion purchases / views */
    public record Funnel(long views, long addToCarts, long purchases, Double conversion) {}

    /**
     * @param impressions real impressions (holdout ones excluded)
     * @param ctr clicks / impressions
     * @param redemptionRate redemptions / impressions
     * @param holdout the control group: customers first held out in the window, and how many converted
     * @param treated the treated group, likewise (beyond the PRODUCT.md shape)
     * @param uplift treated conversion − control conversion, Newcombe 95% interval
     */
    public record OfferKpis(
            long impressions,
            long clicks,
            long redemptions,
            Double ctr,
            Double redemptionRate,
            Group holdout,
            Group treated,
            Uplift uplift) {}

    public record Group(long customers, long converted) {}

    /** @param attributedRevenue revenue of recommended items bought after a recommendation click */
    public record Recommendations(long impressions, long clicks, Double ctr, double attributedRevenue) {}

    /** @param avgRating mean feedback rating (1–5) */
    public record Satisfaction(long feedback, Double avgRating) {}

    /**
     * Retention over a window {@code [from, to)} of length W: of the customers who bought in the
     * previous period {@code [from − W, from)}, the share who bought again in {@code [from, to)}.
     * Exact (distinct customers, duplicates once, a customer's purchases in event time), for every
     * window up to {@link KpiWindow#MAX}.
     *
     * @param previousBuyers distinct customers who bought in the previous period
     * @param returned of those, the ones who bought in this window
     * @param rate returned / previousBuyers, null when nobody bought in the previous period
     */
    public record Retention(Long previousBuyers, Long returned, Double rate) {}
}
