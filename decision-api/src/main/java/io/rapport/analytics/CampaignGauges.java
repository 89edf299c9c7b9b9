package io.rapport.analytics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.rapport.campaign.Campaign;
import io.rapport.campaign.CampaignReport;
import io.rapport.campaign.CampaignService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Campaign plan versus actual as Prometheus gauges, one series per campaign and figure:
 * {@code rapport_campaign_impressions}, {@code rapport_campaign_conversions} and {@code
 * rapport_campaign_revenue} with {@code campaign} and {@code figure} = {@code plan} | {@code actual}
 * (to date) | {@code projected} (straight line to the end of the period, NaN before it starts),
 * plus {@code rapport_campaign_elapsed_ratio} and {@code rapport_campaign_complete} (1 when the
 * actuals are exact over the whole period so far) per campaign; the figures of {@code GET
 * /v1/campaigns/{id}/report}. {@link #refresh} recomputes every series; campaigns that left the set
 * are dropped.
 */
public final class CampaignGauges {
    private final CampaignService campaigns;
    private final MeterRegistry registry;
    private final Map<String, MultiGauge> gauges = new HashMap<>();

    public CampaignGauges(CampaignService campaigns, MeterRegistry registry) {
        this.campaigns = campaigns;
        this.registry = registry;
    }

    /** Recomputes every gauge; call off the event loop. */
    public void refresh() {
        Map<String, List<MultiGauge.Row<?>>> rows = new HashMap<>();
        for (Campaign campaign : campaigns.campaigns()) {
            campaigns.report(campaign.campaignId()).ifPresent(r -> rows(rows, r));
        }
        synchronized (gauges) {
            gauges.keySet().forEach(name -> rows.putIfAbsent(name, List.of()));
            rows.forEach(
                    (name, list) -> gauges.computeIfAbsent(name, this::gauge).register(list, true));
        }
    }

    private static void rows(Map<String, List<MultiGauge.Row<?>>> rows, CampaignReport r) {
        Tags c = Tags.of("campaign", r.campaignId());
        figures(
                rows,
                c.and("figure", "plan"),
                r.plan().impressions(),
                r.plan().conversions(),
                r.plan().revenue());
        figures(
                rows,
                c.and("figure", "actual"),
                r.actual().impressions(),
                r.actual().conversions(),
                r.actual().revenue());
        if (r.projected() == null) {
            figures(rows, c.and("figure", "projected"), null, null, null);
        } else {
            figures(
                    rows,
                    c.and("figure", "projected"),
                    r.projected().impressions(),
                    r.projected().conversions(),
                    r.projected().revenue());
        }
        row(rows, "elapsed.ratio", c, r.elapsed());
        row(rows, "complete", c, r.complete() ? 1 : 0);
    }

    private static void figures(
            Map<String, List<MultiGauge.Row<?>>> rows,
            Tags tags,
            Number impressions,
            Number conversions,
            Number revenue) {
        row(rows, "impressions", tags, impressions);
        row(rows, "conversions", tags, conversions);
        row(rows, "revenue", tags, revenue);
    }

    private MultiGauge gauge(String name) {
        return MultiGauge.builder("rapport.campaign." + name)
                .description("Campaign '" + name + "' (plan, actual to date, projected to the end of the period);"
                        + " see GET /v1/campaigns/{id}/report")
                .register(registry);
    }

    private static void row(Map<String, List<MultiGauge.Row<?>>> rows, String name, Tags tags, Number value) {
        double v = value == null ? Double.NaN : value.doubleValue();
        ToDoubleFunction<Object> constant = ignored -> v;
        rows.computeIfAbsent(name, n -> new ArrayList<>()).add(MultiGauge.Row.of(tags, v, constant));
    }
}
