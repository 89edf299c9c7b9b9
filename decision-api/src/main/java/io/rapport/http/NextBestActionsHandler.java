package io.rapport.http;

import io.rapport.offer.NextBestActions;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/customers/{customerId}/next-best-actions?limit=3&channel=app}: the customer's
 * ranked offers for the channel (see {@link NextBestActions}). {@code channel} is an id, matched
 * whatever its case; without it (or empty) the offers of every channel are ranked together and the
 * answer's {@code channel} is null. {@code limit} is 1–100, default {@value #DEFAULT_LIMIT}.
 */
public final class NextBestActionsHandler implements Handler<RoutingContext> {
    static final int DEFAULT_LIMIT = 3;

    private final NextBestActions actions;
    private final RequestParams params;

    public NextBestActionsHandler(NextBestActions actions, RequestParams params) {
        this.actions = actions;
        this.params = params;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String customerId = params.pathId(ctx, "customerId");
        int limit = params.limit(ctx, DEFAULT_LIMIT);
        String channel = params.optionalQueryId(ctx, "channel");
        Responses.json(ctx, 200, actions.decide(customerId, channel, limit));
    }
}
