package io.rapport.testing;

import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import io.rapport.kpi.KpiPane;
import io.rapport.kpi.PaneSize;
import io.rapport.store.Views;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Fills the KPI view with two known panes, as the KPI job would publish them. */
public final class KpiPanes {
    public static final Instant NEWEST = Instant.parse("2026-11-22T17:59:00Z");

    private KpiPanes() {}

    /** 40 views, 10 carts, 4 purchases (3 orders, 30.00), offer "coffee" with holdout, recommendations. */
    public static void fill(Views views) {
        KpiPane early = new KpiPane(
                0,
                Map.of("view", 30L, "purchase", 3L),
                Map.of(
                        KpiPane.VIEWS,
                        30L,
                        KpiPane.ADD_TO_CARTS,
                        10L,
                        KpiPane.PURCHASES,
                        3L,
                        KpiPane.ORDERS,
                        2L,
                        KpiPane.REVENUE_MICROS,
                        20_000_000L,
                        KpiPane.RECOMMENDATION_IMPRESSIONS,
                        50L,
                        KpiPane.RECOMMENDATION_CLICKS,
                        5L,
                        KpiPane.ATTRIBUTED_REVENUE_MICROS,
                        7_500_000L),
                Map.of(
                        "coffee",
                        Map.of(
                                KpiPane.OFFER_IMPRESSIONS,
                                80L,
                                KpiPane.OFFER_CLICKS,
                                8L,
                                KpiPane.OFFER_REDEMPTIONS,
                                4L,
                                KpiPane.OFFER_TREATED,
                                70L,
                                KpiPane.OFFER_TREATED_CONVERTED,
                                56L,
                                KpiPane.OFFER_HOLDOUT,
                                80L,
                                KpiPane.OFFER_HOLDOUT_CONVERTED,
                                48L)));
        KpiPane late = new KpiPane(
                0,
                Map.of("view", 10L, "purchase", 1L),
                Map.of(
                        KpiPane.VIEWS,
                        10L,
                        KpiPane.PURCHASES,
                        1L,
                        KpiPane.ORDERS,
                        1L,
                        KpiPane.REVENUE_MICROS,
                        10_000_000L,
                        KpiPane.FEEDBACK,
                        2L,
                        KpiPane.RATING_SUM,
                        9L),
                Map.of());
        KpiPane tooOld = new KpiPane(0, Map.of("view", 1000L), Map.of(KpiPane.VIEWS, 1000L), Map.of());
        publish(
                views,
                Map.of(NEWEST.minusSeconds(59 * 60), early, NEWEST, late, NEWEST.minusSeconds(3 * 3600), tooOld));
    }

    /**
     * Publishes minute panes as the KPI job does: each one, and its counts added into its hour and
     * UTC day panes (buyers are per size, so these fixtures leave them to the minute panes); adds to the
     * hour and day panes the view already holds.
     */
    public static void publish(Views views, Map<Instant, KpiPane> minutes) {
        Map<String, KpiPane> rolled = new HashMap<>();
        minutes.forEach((start, pane) -> {
            views.apply(Topics.KPIS, start.toString(), Json.encode(pane));
            for (PaneSize size : new PaneSize[] {PaneSize.HOUR, PaneSize.DAY}) {
                long at = size.start(start.toEpochMilli());
                KpiPane held =
                        rolled.containsKey(size.key(at)) ? null : views.kpis().pane(size, at);
                rolled.merge(
                        size.key(at), held == null ? pane.at(at, size) : sum(held, pane.at(at, size)), KpiPanes::sum);
            }
        });
        rolled.forEach((key, pane) -> views.apply(Topics.KPIS, key, Json.encode(pane)));
    }

    private static KpiPane sum(KpiPane a, KpiPane b) {
        Map<String, Long> events = new HashMap<>(a.events());
        b.events().forEach((k, v) -> events.merge(k, v, Long::sum));
        Map<String, Long> counts = new HashMap<>(a.counts());
        b.counts().forEach((k, v) -> counts.merge(k, v, Long::sum));
        Map<String, Map<String, Long>> offers = new HashMap<>();
        for (KpiPane p : List.of(a, b)) {
            p.offers()
                    .forEach((offer, c) -> c.forEach((k, v) ->
                            offers.computeIfAbsent(offer, o -> new HashMap<>()).merge(k, v, Long::sum)));
        }
        return new KpiPane(a.start(), events, counts, offers, Map.of(), a.size());
    }
}
