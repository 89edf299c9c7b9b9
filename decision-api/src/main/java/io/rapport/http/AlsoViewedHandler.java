package io.rapport.http;

import io.rapport.rank.AlsoBought;
import io.rapport.rank.AlsoViewedRanker;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /v1/items/{itemId}/also-viewed?limit=10&customerId=}: "customers who viewed this also
 * viewed", from memory, in the shape of also-bought with {@code coViews} (distinct view sessions in
 * which both items were viewed) for {@code coPurchases}. Same parameters, defaults and validation
 * as {@link AlsoBoughtHandler}, the filters of {@link FilterParams} included.
 */
public final class AlsoViewedHandler implements Handler<RoutingContext> {
    private final AlsoViewedRanker ranker;
    private final RequestParams params;
    private final FilterParams filters;

    public AlsoViewedHandler(AlsoViewedRanker ranker, RequestParams params) {
        this.ranker = ranker;
        this.params = params;
        this.filters = new FilterParams(params);
    }

    /** One item of the answer; {@code coViews} is 0 in a popular fallback. */
    public record ViewedItem(String itemId, double score, long coViews, String reason) {}

    /** The response body. */
    public record Response(String itemId, String strategy, List<ViewedItem> items) {}

    @Override
    public void handle(RoutingContext ctx) {
        String itemId = params.pathId(ctx, "itemId");
        int limit = params.limit(ctx, AlsoBoughtHandler.DEFAULT_LIMIT);
        String customerId = params.optionalQueryId(ctx, "customerId");
        AlsoBought answer = ranker.recommend(itemId, customerId, limit, filters.filter(ctx));
        List<ViewedItem> items = answer.items().stream()
                .map(i -> new ViewedItem(i.itemId(), i.score(), i.coPurchases(), i.reason()))
                .toList();
        Responses.json(ctx, 200, new Response(answer.itemId(), answer.strategy().wireName(), items));
    }
}
