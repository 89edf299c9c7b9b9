package io.rapport.analytics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.rapport.event.IsoTimestamps;
import io.rapport.kpi.KpiReport;
import io.rapport.store.KpiView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The business KPIs as Prometheus gauges, one series per window ({@code 1h}, {@code 24h},
 * {@code 7d}, {@code 30d}): {@code rapport_kpi_events{window,type}}, {@code rapport_kpi_funnel_*}, {@code
 * rapport_kpi_conversion_ratio}, {@code rapport_kpi_revenue}, {@code rapport_kpi_orders}, {@code
 * rapport_kpi_aov}, {@code rapport_kpi_recommendation_*}, {@code rapport_kpi_feedback*}, {@code
 * rapport_kpi_retention_*}, {@code rapport_kpi_window_end_seconds} (where the window ends) and per offer
 * {@code rapport_kpi_offer_*{window,offer}} including {@code rapport_kpi_offer_uplift} and its
 * bounds. A rate without a denominator is NaN. {@link #refresh} recomputes every series from the
 * {@link KpiView}; rows of offers and types that disappeared are dropped.
 *
 * <p>Offer ids are the clients' to choose ({@code offer_impression} events name any), so the per-offer
 * series are bounded: of the offers with events in the window, every one the catalogue holds, and of
 * the others the {@value #MAX_OTHER_OFFERS} with the most impressions (then by id); {@code rapport_kpi_offers_omitted{window}}
 * counts the offers left out, which {@code GET /v1/kpis} still lists.
 */
public final class KpiGauges {
    static final Map<String, Duration> WINDOWS = windows();

    /** Most offers outside the catalogue with series per window. */
    static final int MAX_OTHER_OFFERS = 100;

    private final KpiView kpis;
    private final Supplier<Set<String>> catalogue;
    private final RowGauges gauges;

    /** Without a catalogue: the {@value #MAX_OTHER_OFFERS} offers with the most impressions. */
    public KpiGauges(KpiView kpis, MeterRegistry registry) {
        this(kpis, Set::of, registry);
    }

    /** @param catalogue the offer ids of the offer catalogue, whose offers always have series */
    public KpiGauges(KpiView kpis, Supplier<Set<String>> catalogue, MeterRegistry registry) {
        this.kpis = kpis;
        this.catalogue = catalogue;
        this.gauges = new RowGauges(
                registry, "rapport.kpi.", name -> DESCRIPTIONS.get(name) + ", over the gauge's window (event time)");
    }

    private static Map<String, Duration> windows() {
        Map<String, Duration> w = new LinkedHashMap<>();
        w.put("1h", Duration.ofHours(1));
        w.put("24h", Duration.ofHours(24));
        w.put("7d", Duration.ofDays(7));
        w.put("30d", Duration.ofDays(30));
        return w;
    }

    /** Recomputes every gauge; call off the event loop (a few thousand panes are summed). */
    public void refresh() {
        RowGauges.Values rows = new RowGauges.Values();
        Set<String> inCatalogue = catalogue.get();
        WINDOWS.forEach((name, length) -> {
            KpiReport r = kpis.report(name, length);
            Tags w = Tags.of("window", name);
            rows.put("window.end.seconds", w, r.to() == null ? null : IsoTimestamps.toEpochMilli(r.to()) / 1000.0);
            r.events().forEach((type, n) -> rows.put("events", w.and("type", type), n));
            rows.put("funnel.views", w, r.funnel().views());
            rows.put("funnel.add.to.carts", w, r.funnel().addToCarts());
            rows.put("funnel.purchases", w, r.funnel().purchases());
            rows.put("conversion.ratio", w, r.funnel().conversion());
            rows.put("revenue", w, r.revenue());
            rows.put("orders", w, r.orders());
            rows.put("aov", w, r.aov());
            rows.put("recommendation.impressions", w, r.recommendations().impressions());
            rows.put("recommendation.clicks", w, r.recommendations().clicks());
            rows.put("recommendation.ctr.ratio", w, r.recommendations().ctr());
            rows.put("recommendation.attributed.revenue", w, r.recommendations().attributedRevenue());
            rows.put("feedback", w, r.satisfaction().feedback());
            rows.put("feedback.rating.avg", w, r.satisfaction().avgRating());
            rows.put("retention.previous.buyers", w, r.retention().previousBuyers());
            rows.put("retention.returned", w, r.retention().returned());
            rows.put("retention.ratio", w, r.retention().rate());
            Map<String, KpiReport.OfferKpis> exported = exported(r.offers(), inCatalogue);
            rows.put("offers.omitted", w, r.offers().size() - exported.size());
            exported.forEach((offerId, o) -> {
                Tags t = w.and("offer", offerId);
                rows.put("offer.impressions", t, o.impressions());
                rows.put("offer.clicks", t, o.clicks());
                rows.put("offer.redemptions", t, o.redemptions());
                rows.put("offer.ctr.ratio", t, o.ctr());
                rows.put("offer.redemption.ratio", t, o.redemptionRate());
                rows.put("offer.holdout.customers", t, o.holdout().customers());
                rows.put("offer.holdout.converted", t, o.holdout().converted());
                rows.put("offer.treated.customers", t, o.treated().customers());
                rows.put("offer.treated.converted", t, o.treated().converted());
                rows.put("offer.uplift", t, o.uplift().value());
                rows.put(
                        "offer.uplift.ci95.low",
                        t,
                        o.uplift().ci95() == null ? null : o.uplift().ci95().get(0));
                rows.put(
                        "offer.uplift.ci95.high",
                        t,
                        o.uplift().ci95() == null ? null : o.uplift().ci95().get(1));
            });
        });
        gauges.set(rows);
    }

    /** The catalogue's offers and the {@value #MAX_OTHER_OFFERS} others with the most impressions. */
    static Map<String, KpiReport.OfferKpis> exported(Map<String, KpiReport.OfferKpis> offers, Set<String> inCatalogue) {
        Map<String, KpiReport.OfferKpis> kept = new LinkedHashMap<>();
        List<Map.Entry<String, KpiReport.OfferKpis>> others = new ArrayList<>();
        offers.forEach((offerId, o) -> {
            if (inCatalogue.contains(offerId)) {
                kept.put(offerId, o);
            } else {
                others.add(Map.entry(offerId, o));
            }
        });
        others.sort(Comparator.comparingLong((Map.Entry<String, KpiReport.OfferKpis> e) ->
                        e.getValue().impressions())
                .reversed()
                .thenComparing(Map.Entry::getKey));
        others.stream().limit(MAX_OTHER_OFFERS).forEach(e -> kept.put(e.getKey(), e.getValue()));
        return kept;
    }

    /** Each gauge's HELP: what it counts and its field in {@code GET /v1/kpis}. */
    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry(
                    "window.end.seconds",
                    "Where the window ends, Unix seconds: the end of the newest event's minute (hour past 24h, UTC"
                            + " day past 7d), the current one's at the latest, so a quiet spell keeps the last busy"
                            + " window; /v1/kpis to"),
            Map.entry(
                    "offers.omitted",
                    "Offers in the window without per-offer series: outside the catalogue and past the 100 with"
                            + " the most impressions (/v1/kpis lists them)"),
            Map.entry("events", "Events of each type in the window (duplicates once); /v1/kpis events"),
            Map.entry("funnel.views", "View events in the window; /v1/kpis funnel.views"),
            Map.entry("funnel.add.to.carts", "Add-to-cart events in the window; /v1/kpis funnel.addToCarts"),
            Map.entry("funnel.purchases", "Purchase events in the window; /v1/kpis funnel.purchases"),
            Map.entry(
                    "conversion.ratio",
                    "Purchase events per view event in the window (above 1 when orders outnumber views),"
                            + " NaN without views; /v1/kpis funnel.conversion"),
            Map.entry("revenue", "Revenue of the window's orders, in the prices' currency; /v1/kpis revenue"),
            Map.entry("orders", "Orders (purchase events) in the window; /v1/kpis orders"),
            Map.entry("aov", "Average order value (revenue / orders), NaN without orders; /v1/kpis aov"),
            Map.entry(
                    "recommendation.impressions",
                    "Recommendation impressions in the window; /v1/kpis recommendations.impressions"),
            Map.entry("recommendation.clicks", "Recommendation clicks in the window; /v1/kpis recommendations.clicks"),
            Map.entry(
                    "recommendation.ctr.ratio",
                    "Recommendation clicks / impressions, NaN without impressions; /v1/kpis recommendations.ctr"),
            Map.entry(
                    "recommendation.attributed.revenue",
                    "Revenue of recommended items bought after a click on them; /v1/kpis"
                            + " recommendations.attributedRevenue"),
            Map.entry("feedback", "Feedback events in the window; /v1/kpis satisfaction.feedback"),
            Map.entry(
                    "feedback.rating.avg",
                    "Mean feedback rating (1-5), NaN without any; /v1/kpis satisfaction.avgRating"),
            Map.entry(
                    "retention.previous.buyers",
                    "Customers who bought in the window before this one; /v1/kpis retention.previousBuyers"),
            Map.entry(
                    "retention.returned",
                    "Of those, customers who bought again in the window; /v1/kpis retention.returned"),
            Map.entry("retention.ratio", "Returned / previous buyers, NaN without any; /v1/kpis retention.rate"),
            Map.entry(
                    "offer.impressions", "Offer impressions (holdout markers excluded); /v1/kpis offers.*.impressions"),
            Map.entry("offer.clicks", "Offer clicks; /v1/kpis offers.*.clicks"),
            Map.entry("offer.redemptions", "Offer redemptions; /v1/kpis offers.*.redemptions"),
            Map.entry("offer.ctr.ratio", "Offer clicks / impressions, NaN without impressions; /v1/kpis offers.*.ctr"),
            Map.entry(
                    "offer.redemption.ratio",
                    "Offer redemptions / impressions, NaN without impressions; /v1/kpis offers.*.redemptionRate"),
            Map.entry(
                    "offer.holdout.customers",
                    "Customers first held out of the offer in the window (control group); /v1/kpis"
                            + " offers.*.holdout.customers"),
            Map.entry(
                    "offer.holdout.converted",
                    "Of those, customers who bought within the conversion window; /v1/kpis offers.*.holdout.converted"),
            Map.entry(
                    "offer.treated.customers",
                    "Customers first shown the offer in the window; /v1/kpis offers.*.treated.customers"),
            Map.entry(
                    "offer.treated.converted",
                    "Of those, customers who bought within the conversion window; /v1/kpis offers.*.treated.converted"),
            Map.entry(
                    "offer.uplift",
                    "Treated conversion - holdout conversion, NaN while a group is empty; /v1/kpis offers.*.uplift.value"),
            Map.entry(
                    "offer.uplift.ci95.low",
                    "Lower bound of the uplift's 95% Newcombe interval; /v1/kpis offers.*.uplift.ci95[0]"),
            Map.entry(
                    "offer.uplift.ci95.high",
                    "Upper bound of the uplift's 95% Newcombe interval; /v1/kpis offers.*.uplift.ci95[1]"));
}
