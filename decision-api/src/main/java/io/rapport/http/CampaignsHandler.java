package io.rapport.http;

import io.rapport.campaign.Campaign;
import io.rapport.campaign.CampaignService;
import io.rapport.campaign.CampaignSet;
import io.rapport.campaign.CampaignValidator;
import io.rapport.event.InvalidEventException;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /v1/campaigns} answers the campaign set as a JSON array; {@code PUT /v1/campaigns}
 * (admin) replaces the whole set, answering {@code 200} with it as stored (times in UTC) once Kafka
 * acknowledged it, 400 {@code invalid_campaign} naming the field of a broken one (nothing
 * replaced), 503 with {@code Retry-After} when Kafka did not acknowledge. {@code GET
 * /v1/campaigns/{campaignId}/report} answers the {@code CampaignReport} (plan, actual to date,
 * projection), 404 naming {@code campaignId} for an unknown id; the panes are summed on a worker.
 */
public final class CampaignsHandler {
    private final Vertx vertx;
    private final CampaignService campaigns;
    private final CampaignValidator validator;
    private final RequestParams params;
    private final JsonBodyReader bodies;

    public CampaignsHandler(
            Vertx vertx,
            CampaignService campaigns,
            CampaignValidator validator,
            RequestParams params,
            JsonBodyReader bodies) {
        this.vertx = vertx;
        this.campaigns = campaigns;
        this.validator = validator;
        this.params = params;
        this.bodies = bodies;
    }

    public void list(RoutingContext ctx) {
        Responses.json(ctx, 200, campaigns.campaigns());
    }

    public void put(RoutingContext ctx) {
        List<Campaign> set;
        try {
            set = validator.campaigns(bodies.read(ctx, "campaigns", "a JSON array of campaigns"));
        } catch (InvalidEventException e) {
            FailureHandler.refuse(ctx, e, "invalid_campaign");
            return;
        }
        AdminWrites.answer(ctx, campaigns.replace(set), "campaigns", CampaignSet::campaigns);
    }

    public void report(RoutingContext ctx) {
        String campaignId = params.pathId(ctx, "campaignId");
        vertx.executeBlocking(() -> campaigns.report(campaignId), false).onComplete(report -> {
            if (report.failed()) {
                ctx.fail(report.cause());
            } else if (report.result().isEmpty()) {
                Responses.error(ctx, 404, "not_found", "campaignId: no campaign '" + campaignId + "'", "campaignId");
            } else {
                Responses.json(ctx, 200, report.result().get());
            }
        });
    }
}
