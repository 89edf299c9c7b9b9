package io.rapport.http;

import io.rapport.catalog.CatalogItem;
import io.rapport.catalog.CatalogPublisher;
import io.rapport.catalog.CatalogValidator;
import io.rapport.event.InvalidEventException;
import io.rapport.store.CatalogView;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/catalog} (admin) takes one catalogue record or an array of them ({@link
 * CatalogValidator}), writes each to the compacted {@code catalog} topic keyed by itemId and, once
 * Kafka acknowledged all of them, applies them to this instance's {@link CatalogView} and answers
 * {@code 200 {"accepted":n}}. A broken record refuses the whole body with 400 {@code
 * invalid_catalog} naming the field; Kafka not acknowledging gives 503 with {@code Retry-After} (a
 * record may then have been written: posting again is safe, the last record per item wins).
 *
 * <p>{@code GET /v1/catalog/{itemId}} answers the record held, or 404.
 */
public final class CatalogHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogHandler.class);

    private final CatalogView view;
    private final CatalogPublisher publisher;
    private final CatalogValidator validator;
    private final RequestParams params;
    private final JsonBodyReader bodies;

    public CatalogHandler(
            CatalogView view,
            CatalogPublisher publisher,
            CatalogValidator validator,
            RequestParams params,
            JsonBodyReader bodies) {
        this.view = view;
        this.publisher = publisher;
        this.validator = validator;
        this.params = params;
        this.bodies = bodies;
    }

    public void post(RoutingContext ctx) {
        List<CatalogItem> records;
        try {
            records = validator.records(bodies.read(ctx, "items", "a catalogue record or a JSON array of them"));
        } catch (InvalidEventException e) {
            FailureHandler.refuse(ctx, e, "invalid_catalog");
            return;
        }
        publisher.publish(records).onComplete(written -> {
            if (written.succeeded()) {
                records.forEach(view::put);
                Responses.json(ctx, 200, Map.of("accepted", records.size()));
            } else {
                LOG.warn(
                        "Could not write catalogue records to Kafka: {}",
                        written.cause().toString());
                ctx.response().putHeader("Retry-After", EventsHandler.RETRY_AFTER_SECONDS);
                Responses.error(ctx, 503, "unavailable", "items: could not be written to Kafka; retry later");
            }
        });
    }

    public void get(RoutingContext ctx) {
        String itemId = params.pathId(ctx, "itemId");
        view.get(itemId)
                .ifPresentOrElse(
                        item -> Responses.json(ctx, 200, item),
                        () -> Responses.error(ctx, 404, "not_found", "itemId: not in the catalogue", "itemId"));
    }
}
