package io.rapport.analytics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.rapport.campaign.Campaign;
import io.rapport.campaign.CampaignReport;
import io.rapport.campaign.CampaignService;

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
    private final RowGauges gauges;

    public CampaignGauges(CampaignService campaigns, MeterRegistry registry) {
        this.campaigns = campaigns;
        this.gauges = new RowGauges(registry, "rapport.campaign.", CampaignGauges::help);
    }

    /** The HELP text of the gauge {@code name} (as put in {@link #rows}). */
    static String help(String name) {
        String what = switch (name) {
            case "elapsed.ratio" -> "Share of the campaign's period elapsed, 0 to 1";
            case "complete" -> "1 when the campaign's actuals are exact over its period so far, else 0";
            default -> "Campaign " + name + " (figure: plan, actual to date, projected to the end of" + " the period)";
        };
        return what + "; see GET /v1/campaigns/{id}/report";
    }

    /** Recomputes every gauge; call off the event loop. */
    public void refresh() {
        RowGauges.Values rows = new RowGauges.Values();
        for (Campaign campaign : campaigns.campaigns()) {
            campaigns.report(campaign.campaignId()).ifPresent(r -> rows(rows, r));
        }
        gauges.set(rows);
    }

    private static void rows(RowGauges.Values rows, CampaignReport r) {
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
        rows.put("elapsed.ratio", c, r.elapsed());
        rows.put("complete", c, r.complete() ? 1 : 0);
    }

    private static void figures(
            RowGauges.Values rows, Tags tags, Number impressions, Number conversions, Number revenue) {
        rows.put("impressions", tags, impressions);
        rows.put("conversions", tags, conversions);
        rows.put("revenue", tags, revenue);
    }
}
