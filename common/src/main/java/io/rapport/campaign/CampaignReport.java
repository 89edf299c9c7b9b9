package io.rapport.campaign;

import java.util.List;

/**
 * The answer of {@code GET /v1/campaigns/{id}/report}: the plan, what the campaign's offers did so
 * far in its period, and where a straight line through that lands at the end of the period.
 *
 * @param asOf the end of the counted part of the period (ISO-8601): the KPI stream's clock (end of
 *     the newest KPI pane), clamped into {@code [from, to]}
 * @param elapsed share of the period counted, {@code (asOf − from) / (to − from)}, 0–1
 * @param complete false when part of the period can be read from no pane the KPI job still keeps
 *     ({@code io.rapport.kpi.PaneTiling}: a start inside an hour or day whose finer panes are no
 *     longer relied on, minutes past 2 days back, hours past 14),
 *     so the actuals miss that part
 * @param actual exact counts of the campaign's offers in {@code [from, asOf)}
 * @param projected {@code actual / elapsed} per figure; equals {@code actual} once the period is
 *     over; null before it started
 * @param projectedVsPlan {@code projected / plan} per figure, null where the plan is 0 or there is
 *     no projection
 */
public record CampaignReport(
        String campaignId,
        String name,
        List<String> offers,
        String from,
        String to,
        String asOf,
        double elapsed,
        boolean complete,
        Campaign.Plan plan,
        Campaign.Plan actual,
        Figures projected,
        Ratios projectedVsPlan) {

    /** Projected totals; fractional, a straight line does not land on whole numbers. */
    public record Figures(double impressions, double conversions, double revenue) {}

    public record Ratios(Double impressions, Double conversions, Double revenue) {}
}
