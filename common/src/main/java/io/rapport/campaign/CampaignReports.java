package io.rapport.campaign;

import io.rapport.kpi.KpiPane;
import io.rapport.kpi.PaneLookup;
import io.rapport.kpi.PaneTiling;
import java.time.Instant;

/**
 * Plan versus actual of a campaign, from the KPI job's panes. Pure and thread-safe.
 *
 * <p>Actuals are exact sums over the minutes starting in {@code [from, asOf)}, read from the
 * biggest panes that fit and are still kept ({@link PaneTiling}: day panes for whole UTC days, hour
 * panes for whole hours of the last 14 days, minute panes for the last 2 days), over the
 * campaign's offers: {@code impressions} = offer impressions ({@code offer_impression} events
 * without {@code holdout}), {@code conversions} = redemptions ({@code offer_redeem} events), and
 * {@code revenue} = <b>attributed revenue</b>: for each customer treated with one of the offers
 * (shown it, not held out) whose first exposure falls in the period, the revenue of the purchase
 * that converted them, the first purchase within the KPI job's conversion window (7 days) after
 * that exposure. It is credited to the exposure's pane, so it may grow after {@code asOf} for
 * exposures near it. A purchase that converts a customer for two offers of one campaign counts for
 * each. Periods start and end on whole minutes ({@link CampaignValidator}).
 * The report is {@code complete} when the tiling is exact: always for a period starting on a UTC
 * day within the day panes' 399 days, or on an hour of the last 14 days.
 *
 * <p>Projection is a straight line through the origin at {@code from}: {@code projected = actual
 * × (to − from) / (asOf − from)}, i.e. the rate so far kept up for the rest of the period.
 */
public final class CampaignReports {
    private CampaignReports() {}

    /**
     * The report of {@code campaign} at {@code clock} (epoch millis, the end of the KPI stream's
     * newest pane), from the panes {@code panes} holds.
     */
    public static CampaignReport report(Campaign campaign, long clock, PaneLookup panes) {
        long from = Instant.parse(campaign.from()).toEpochMilli();
        long to = Instant.parse(campaign.to()).toEpochMilli();
        long asOf = Math.max(from, Math.min(to, clock));
        PaneTiling.Tiling tiling = PaneTiling.tile(from, asOf, clock);
        Campaign.Plan actual = actual(campaign, tiling, panes);
        double elapsed = (double) (asOf - from) / (to - from);
        CampaignReport.Figures projected = project(actual, elapsed);
        Campaign.Plan plan = campaign.plan();
        CampaignReport.Ratios vsPlan = projected == null
                ? new CampaignReport.Ratios(null, null, null)
                : new CampaignReport.Ratios(
                        ratio(projected.impressions(), plan.impressions()),
                        ratio(projected.conversions(), plan.conversions()),
                        ratio(projected.revenue(), plan.revenue()));
        boolean complete = tiling.exact();
        return new CampaignReport(
                campaign.campaignId(),
                campaign.name(),
                campaign.offers(),
                campaign.from(),
                campaign.to(),
                Instant.ofEpochMilli(asOf).toString(),
                elapsed,
                complete,
                plan,
                actual,
                projected,
                vsPlan);
    }

    /** Exact sums of the campaign's offers over the tiles. */
    static Campaign.Plan actual(Campaign campaign, PaneTiling.Tiling tiling, PaneLookup panes) {
        long impressions = 0;
        long redemptions = 0;
        long revenueMicros = 0;
        for (PaneTiling.Tile tile : tiling.tiles()) {
            KpiPane pane = panes.pane(tile.size(), tile.start());
            if (pane == null) {
                continue;
            }
            for (String offerId : campaign.offers()) {
                var counts = pane.offers().get(offerId);
                if (counts != null) {
                    impressions += counts.getOrDefault(KpiPane.OFFER_IMPRESSIONS, 0L);
                    redemptions += counts.getOrDefault(KpiPane.OFFER_REDEMPTIONS, 0L);
                    revenueMicros =
                            KpiPane.sum(revenueMicros, counts.getOrDefault(KpiPane.OFFER_CONVERTED_REVENUE_MICROS, 0L));
                }
            }
        }
        return new Campaign.Plan(impressions, redemptions, revenueMicros / 1_000_000d);
    }

    /** The straight line; null before the period started (nothing to extrapolate from). */
    static CampaignReport.Figures project(Campaign.Plan actual, double elapsed) {
        if (elapsed <= 0) {
            return null;
        }
        return new CampaignReport.Figures(
                actual.impressions() / elapsed, actual.conversions() / elapsed, actual.revenue() / elapsed);
    }

    private static Double ratio(double value, double plan) {
        return plan == 0 ? null : value / plan;
    }
}
