package io.rapport.http;

import io.rapport.copurchase.ItemSnapshot;
import io.rapport.kafka.Topics;
import io.rapport.store.ItemView;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/items/{itemId}/stats}: distinct buyers and viewers of an item and their
 * conversion; 404 for an item never seen (or removed).
 */
public final class ItemStatsHandler implements Handler<RoutingContext> {
    private final ItemView items;
    private final RequestParams params;

    public ItemStatsHandler(ItemView items, RequestParams params) {
        this.items = items;
        this.params = params;
    }

    /**
     * The response body.
     *
     * @param conversion viewers who bought / viewers, null when nobody viewed the item
     */
    public record Response(String itemId, long purchases, long views, Double conversion) {}

    @Override
    public void handle(RoutingContext ctx) {
        String itemId = params.pathId(ctx, "itemId");
        ItemSnapshot item = items.get(itemId).orElse(null);
        if (item == null) {
            Responses.error(
                    ctx,
                    404,
                    "not_found",
                    "itemId: no item '" + itemId
                            + "' has been viewed or bought within the retention (" + Topics.JOB_RETENTION_DAYS
                            + " days of event time;"
                            + " carts and feedback alone do not count here)",
                    "itemId");
            return;
        }
        Responses.json(ctx, 200, new Response(itemId, item.buyers(), item.viewers(), item.conversion()));
    }
}
