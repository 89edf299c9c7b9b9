package io.rapport.kpi;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums one-minute {@link KpiPane}s into a {@link KpiReport}. Every count of a pane is additive (the
 * job assigns each distinct customer or order to exactly one pane), so the sum over the panes of a
 * window is the exact count over that window. Pure and thread-safe.
 */
public final class KpiRollup {
    private KpiRollup() {}

    /**
     * The report over {@code [from, to)}: the panes whose start lies in it.
     *
     * @param window the window's name as asked, echoed in the report
     */
    public static KpiReport report(String window, long from, long to, Collection<KpiPane> panes) {
        Map<String, Long> events = new TreeMap<>();
        Map<String, Long> counts = new HashMap<>();
        Map<String, Map<String, Long>> offers = new TreeMap<>();
        for (KpiPane pane : panes) {
            if (pane.start() < from || pane.start() >= to) {
                continue;
            }
            pane.events().forEach((type, n) -> events.merge(type, n, Long::sum));
            pane.counts().forEach((name, n) -> counts.merge(name, n, Long::sum));
            pane.offers().forEach((offerId, offerCounts) -> {
                Map<String, Long> sums = offers.computeIfAbsent(offerId, id -> new HashMap<>());
                offerCounts.forEach((name, n) -> sums.merge(name, n, Long::sum));
            });
        }
        long views = get(counts, KpiPane.VIEWS);
        long purchases = get(counts, KpiPane.PURCHASES);
        long orders = get(counts, KpiPane.ORDERS);
        double revenue = money(get(counts, KpiPane.REVENUE_MICROS));
        long recImpressions = get(counts, KpiPane.RECOMMENDATION_IMPRESSIONS);
        long recClicks = get(counts, KpiPane.RECOMMENDATION_CLICKS);
        long feedback = get(counts, KpiPane.FEEDBACK);

        Map<String, KpiReport.OfferKpis> offerKpis = new TreeMap<>();
        offers.forEach((offerId, c) -> offerKpis.put(offerId, offer(c)));
        return new KpiReport(window, Instant.ofEpochMilli(from).toString(), Instant.ofEpochMilli(to).toString(),
                events,
                new KpiReport.Funnel(views, get(counts, KpiPane.ADD_TO_CARTS), purchases, ratio(purchases, views)),
                revenue, orders, orders == 0 ? null : revenue / orders, offerKpis,
                new KpiReport.Recommendations(recImpressions, recClicks, ratio(recClicks, recImpressions),
                        money(get(counts, KpiPane.ATTRIBUTED_REVENUE_MICROS))),
                new KpiReport.Satisfaction(feedback, ratio(get(counts, KpiPane.RATING_SUM), feedback)));
    }

    private static KpiReport.OfferKpis offer(Map<String, Long> c) {
        long impressions = get(c, KpiPane.OFFER_IMPRESSIONS);
        long clicks = get(c, KpiPane.OFFER_CLICKS);
        long redemptions = get(c, KpiPane.OFFER_REDEMPTIONS);
        KpiReport.Group treated =
                new KpiReport.Group(get(c, KpiPane.OFFER_TREATED), get(c, KpiPane.OFFER_TREATED_CONVERTED));
        KpiReport.Group holdout =
                new KpiReport.Group(get(c, KpiPane.OFFER_HOLDOUT), get(c, KpiPane.OFFER_HOLDOUT_CONVERTED));
        return new KpiReport.OfferKpis(impressions, clicks, redemptions, ratio(clicks, impressions),
                ratio(redemptions, impressions), holdout, treated,
                Uplift.newcombe(treated.customers(), treated.converted(), holdout.customers(), holdout.converted()));
    }

    private static long get(Map<String, Long> counts, String name) {
        return counts.getOrDefault(name, 0L);
    }

    private static Double ratio(long numerator, long denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }

    // Micros are exact; the division gives the nearest double to the decimal amount.
    private static double money(long micros) {
        return micros / 1_000_000d;
    }
}
