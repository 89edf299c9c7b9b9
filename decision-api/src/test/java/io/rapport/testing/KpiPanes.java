package io.rapport.testing;

import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import io.rapport.kpi.KpiPane;
import io.rapport.store.Views;
import java.time.Instant;
import java.util.Map;

/** Fills the KPI view with two known panes, as the KPI job would publish them. */
public final class KpiPanes {
    public static final Instant NEWEST = Instant.parse("2026-11-22T17:59:00Z");

    private KpiPanes() {}

    /** 40 views, 10 carts, 4 purchases (3 orders, 30.00), offer "coffee" with holdout, recommendations. */
    public static void fill(Views views) {
        KpiPane early = new KpiPane(0, Map.of("view", 30L, "purchase", 3L),
                Map.of(KpiPane.VIEWS, 30L, KpiPane.ADD_TO_CARTS, 10L, KpiPane.PURCHASES, 3L, KpiPane.ORDERS, 2L,
                        KpiPane.REVENUE_MICROS, 20_000_000L, KpiPane.RECOMMENDATION_IMPRESSIONS, 50L,
                        KpiPane.RECOMMENDATION_CLICKS, 5L, KpiPane.ATTRIBUTED_REVENUE_MICROS, 7_500_000L),
                Map.of("coffee", Map.of(KpiPane.OFFER_IMPRESSIONS, 80L, KpiPane.OFFER_CLICKS, 8L,
                        KpiPane.OFFER_REDEMPTIONS, 4L, KpiPane.OFFER_TREATED, 70L, KpiPane.OFFER_TREATED_CONVERTED, 56L,
                        KpiPane.OFFER_HOLDOUT, 80L, KpiPane.OFFER_HOLDOUT_CONVERTED, 48L)));
        KpiPane late = new KpiPane(0, Map.of("view", 10L, "purchase", 1L),
                Map.of(KpiPane.VIEWS, 10L, KpiPane.PURCHASES, 1L, KpiPane.ORDERS, 1L, KpiPane.REVENUE_MICROS,
                        10_000_000L, KpiPane.FEEDBACK, 2L, KpiPane.RATING_SUM, 9L), Map.of());
        KpiPane tooOld = new KpiPane(0, Map.of("view", 1000L), Map.of(KpiPane.VIEWS, 1000L), Map.of());
        views.apply(Topics.KPIS, NEWEST.minusSeconds(59 * 60).toString(), Json.encode(early));
        views.apply(Topics.KPIS, NEWEST.toString(), Json.encode(late));
        views.apply(Topics.KPIS, NEWEST.minusSeconds(3 * 3600).toString(), Json.encode(tooOld));
    }
}
