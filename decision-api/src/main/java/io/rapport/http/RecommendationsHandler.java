package io.rapport.http;

import io.rapport.rank.PersonalRecommender.Recommendations;
import io.rapport.rank.RankedItem;
import io.rapport.rank.RecommendationCache;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /v1/customers/{customerId}/recommendations?limit=10}: personalised items from the
 * customer's purchases, each with a score and a reason; the most bought items for a customer
 * without history, with {@code strategy} saying which. {@code limit} defaults to {@value #DEFAULT_LIMIT};
 * the filters of {@link FilterParams} apply.
 */
public final class RecommendationsHandler implements Handler<RoutingContext> {
    static final int DEFAULT_LIMIT = 10;

    private final RecommendationCache recommender;
    private final RequestParams params;
    private final FilterParams filters;

    public RecommendationsHandler(RecommendationCache recommender, RequestParams params) {
        this.recommender = recommender;
        this.params = params;
        this.filters = new FilterParams(params);
    }

    /** The response body. */
    public record Response(String customerId, String strategy, List<RankedItem> items) {}

    @Override
    public void handle(RoutingContext ctx) {
        String customerId = params.pathId(ctx, "customerId");
        int limit = params.limit(ctx, DEFAULT_LIMIT);
        Recommendations answer = recommender.recommend(customerId, limit, filters.filter(ctx));
        Responses.json(ctx, 200, new Response(customerId, answer.strategy().wireName(), answer.items()));
    }
}
