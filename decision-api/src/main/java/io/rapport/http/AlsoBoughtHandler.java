package io.rapport.http;

import io.rapport.kafka.Json;
import io.rapport.rank.AlsoBought;
import io.rapport.rank.AlsoBoughtRanker;
import io.rapport.rank.ItemFilter;
import io.rapport.rank.RankedItem;
import io.rapport.rank.Strategy;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /v1/items/{itemId}/also-bought?limit=10&customerId=}: "customers who bought this also
 * bought", from memory. {@code limit} defaults to {@value #DEFAULT_LIMIT}; the filters of {@link
 * FilterParams} apply. An anonymous question without filters (most product pages) is answered with
 * the body the ranker keeps encoded beside the item's cached list ({@link
 * AlsoBoughtRanker#encodedAnonymous}); the same bytes as encoding the answer here.
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
        ItemFilter filter = filters.filter(ctx);
        if (customerId == null && filter == ItemFilter.DEFAULT) { // a product page: the cached body
            byte[] body = ranker.encodedAnonymous(
                    itemId, limit, items -> Json.encode(new Response(itemId, Strategy.CO_PURCHASE.wireName(), items)));
            if (body != null) {
                Responses.encodedJson(ctx, 200, Buffer.buffer(body));
                return;
            }
        }
        AlsoBought answer = ranker.recommend(itemId, customerId, limit, filter);
        Responses.json(ctx, 200, new Response(answer.itemId(), answer.strategy().wireName(), answer.items()));
    }
}
