package io.rapport.http;

import io.rapport.rank.AlsoBought;
import io.rapport.rank.AlsoBoughtRanker;
import io.rapport.rank.RankedItem;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /v1/items/{itemId}/also-bought?limit=10&customerId=}: "customers who bought this also
 * bought", from memory. {@code limit} defaults to {@value #DEFAULT_LIMIT}; the filters of {@link
 * FilterParams} apply.
 */
public final class AlsoBoughtHandler implements Handler<RoutingContext> {
    static final int DEFAULT_LIMIT = 10;

    private final AlsoBoughtRanker ranker;
    private final RequestParams params;
    private final FilterParams filters;

    public AlsoBoughtHandler(AlsoBoughtRanker ranker, RequestParams params) {
        this.ranker = ranker;
        this.params = params;
        this.filters = new FilterParams(params);
    }

    /** The response body. */
    public record Response(String itemId, String strategy, List<RankedItem> items) {}

    @Override
    public void handle(RoutingContext ctx) {
        String itemId = params.pathId(ctx, "itemId");
        int limit = params.limit(ctx, DEFAULT_LIMIT);
        String customerId = params.optionalQueryId(ctx, "customerId");
        AlsoBought answer = ranker.recommend(itemId, customerId, limit, filters.filter(ctx));
        Responses.json(ctx, 200, new Response(answer.itemId(), answer.strategy().wireName(), answer.items()));
    }
}
