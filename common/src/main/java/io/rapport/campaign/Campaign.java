package io.rapport.campaign;

import java.util.List;

/**
 * A marketing campaign: the offers it runs, its period and what it plans to achieve over the whole
 * period. Times are ISO-8601 UTC ({@link java.time.Instant#toString()}), {@code from < to}.
 *
 * @param campaignId unique within the campaign set
 * @param name for people
 * @param offers the offerIds whose KPIs make the campaign's actuals; an offer may serve several campaigns
 * @param from first instant of the period, inclusive
 * @param to end of the period, exclusive
 * @param plan planned totals over the whole period
 */
public record Campaign(String campaignId, String name, List<String> offers, String from, String to, Plan plan) {
    public Campaign {
        offers = offers == null ? List.of() : List.copyOf(offers);
    }

    /**
     * Planned (or actual) totals of a campaign.
     *
     * @param impressions offer impressions (holdout markers excluded)
     * @param conversions offer redemptions
     * @param revenue attributed revenue (see {@link CampaignReports})
     */
    public record Plan(long impressions, long conversions, double revenue) {}
}
