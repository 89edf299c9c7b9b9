package io.rapport.kpi;

import io.rapport.event.IsoTimestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums {@link KpiPane}s of one {@link PaneSize} into a {@link KpiReport}. Every count of a pane is
 * additive (the job assigns each distinct customer or order to exactly one pane of each size), so
 * the sum over the panes of a window is the exact count over that window. Pure and thread-safe.
 */
public final class KpiRollup {
    private KpiRollup() {}

    /**
     * The report of the window of {@code length} that ends with the KPI stream's {@code clock} (the
     * end of the newest minute pane), from panes of one size, {@link PaneSize#forWindow}: a window
     * of up to 24 hours ends at the clock; a longer one ends at the end of the clock's hour (up to
     * 7 days) or UTC day, so that it is a whole number of hour or day panes and covers the current
     * hour or day so far.
     *
     * @param name the window's name as asked, echoed in the report
     */
    public static KpiReport window(String name, Duration length, long clock, PaneLookup panes) {
        PaneSize size = PaneSize.forWindow(length);
        long to = size.ceil(clock);
        long from = to - length.toMillis();
        // the previous period too, for the retention
        return report(name, from, to, panes.range(size, from - length.toMillis(), to));
    }

    /**
     * The report over {@code [from, to)}: the panes whose start lies in it; the retention also
     * reads the panes of the previous period {@code [2·from − to, from)}, so pass those too. The
     * panes are of one size, and {@code from} and {@code to} multiples of it.
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
            pane.events().forEach((type, n) -> events.merge(type, n, KpiPane::sum));
            pane.counts().forEach((name, n) -> counts.merge(name, n, KpiPane::sum));
            pane.offers().forEach((offerId, offerCounts) -> {
                Map<String, Long> sums = offers.computeIfAbsent(offerId, id -> new HashMap<>());
                offerCounts.forEach((name, n) -> sums.merge(name, n, KpiPane::sum));
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
        return new KpiReport(
                window,
                Instant.ofEpochMilli(from).toString(),
                Instant.ofEpochMilli(to).toString(),
                events,
                new KpiReport.Funnel(views, get(counts, KpiPane.ADD_TO_CARTS), purchases, ratio(purchases, views)),
                revenue,
                orders,
                orders == 0 ? null : revenue / orders,
                offerKpis,
                new KpiReport.Recommendations(
                        recImpressions,
                        recClicks,
                        ratio(recClicks, recImpressions),
                        money(get(counts, KpiPane.ATTRIBUTED_REVENUE_MICROS))),
                new KpiReport.Satisfaction(feedback, ratio(get(counts, KpiPane.RATING_SUM), feedback)),
                retention(from, to, panes));
    }

    /**
     * Retention of {@code [from, to)} (see {@link KpiReport.Retention}). Each pane counts its buyers
     * once, by the pane of their previous purchase {@code q}. A customer bought in the previous
     * period P = {@code [from − W, from)} exactly when one of their purchase panes in P has {@code q}
     * before P (or none): the first one. They bought in P and again in C = {@code [from, to)}
     * exactly when their first purchase pane in C has {@code q} in P. So both are sums over panes.
     * Exact when the panes' size divides the boundaries and W is at most the size's {@link
     * PaneSize#maxWindow()} (older previous purchases are keyed {@code none}, which is then the same).
     */
    public static KpiReport.Retention retention(long from, long to, Collection<KpiPane> panes) {
        long length = to - from;
        long previousFrom = from - length;
        long previousBuyers = 0;
        long returned = 0;
        for (KpiPane pane : panes) {
            boolean inPrevious = pane.start() >= previousFrom && pane.start() < from;
            boolean inCurrent = pane.start() >= from && pane.start() < to;
            if (!inPrevious && !inCurrent) {
                continue;
            }
            for (Map.Entry<String, Long> b : pane.buyers().entrySet()) {
                long previous = KpiPane.NO_PREVIOUS_PURCHASE.equals(b.getKey())
                        ? Long.MIN_VALUE
                        : IsoTimestamps.toEpochMilli(b.getKey());
                if (inPrevious && previous < previousFrom) {
                    previousBuyers += b.getValue();
                } else if (inCurrent && previous >= previousFrom && previous < from) {
                    returned += b.getValue();
                }
            }
        }
        return new KpiReport.Retention(previousBuyers, returned, ratio(returned, previousBuyers));
    }

    private static KpiReport.OfferKpis offer(Map<String, Long> c) {
        long impressions = get(c, KpiPane.OFFER_IMPRESSIONS);
        long clicks = get(c, KpiPane.OFFER_CLICKS);
        long redemptions = get(c, KpiPane.OFFER_REDEMPTIONS);
        KpiReport.Group treated =
                new KpiReport.Group(get(c, KpiPane.OFFER_TREATED), get(c, KpiPane.OFFER_TREATED_CONVERTED));
        KpiReport.Group holdout =
                new KpiReport.Group(get(c, KpiPane.OFFER_HOLDOUT), get(c, KpiPane.OFFER_HOLDOUT_CONVERTED));
        return new KpiReport.OfferKpis(
                impressions,
                clicks,
                redemptions,
                ratio(clicks, impressions),
                ratio(redemptions, impressions),
                holdout,
                treated,
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
