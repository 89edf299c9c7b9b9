package io.rapport.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.event.InvalidEventException;
import io.rapport.kafka.Json;
import io.rapport.offer.Offer;
import io.rapport.offer.OfferCatalogueService;
import io.rapport.offer.OfferValidator;
import io.rapport.offer.OfferViews;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/offers} answers the catalogue as a JSON array of offers; {@code PUT /v1/offers}
 * takes one and replaces the whole catalogue, answering {@code 200} with the catalogue as stored
 * (defaults filled in, times in UTC) once Kafka acknowledged it. A broken offer refuses the whole
 * body with 400 {@code invalid_offer} naming the field ({@code offers[0].contactClass: …}); Kafka
 * not acknowledging gives 503 with {@code Retry-After}.
 */
public final class OffersHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OffersHandler.class);

    private final OfferViews views;
    private final OfferCatalogueService catalogue;
    private final OfferValidator validator;

    public OffersHandler(OfferViews views, OfferCatalogueService catalogue, OfferValidator validator) {
        this.views = views;
        this.catalogue = catalogue;
        this.validator = validator;
    }

    public void get(RoutingContext ctx) {
        Responses.json(ctx, 200, views.catalogue().offers().offers());
    }

    public void put(RoutingContext ctx) {
        List<Offer> offers;
        try {
            offers = validator.catalogue(read(ctx.body().buffer()));
        } catch (InvalidEventException e) {
            FailureHandler.refuse(ctx, e, "invalid_offer");
            return;
        }
        catalogue.replace(offers).onComplete(written -> {
            if (written.succeeded()) {
                Responses.json(ctx, 200, written.result().offers());
            } else {
                LOG.warn("Could not write the offer catalogue to Kafka: {}", written.cause().toString());
                ctx.response().putHeader("Retry-After", EventsHandler.RETRY_AFTER_SECONDS);
                Responses.error(ctx, 503, "unavailable", "offers: could not be written to Kafka; retry later");
            }
        });
    }

    private static JsonNode read(Buffer body) {
        if (body == null || body.length() == 0) {
            throw new InvalidEventException("offers", "is required: a JSON array of offers");
        }
        try {
            return Json.mapper().readTree(body.getBytes());
        } catch (IOException e) {
            throw new InvalidEventException("offers", "is not valid JSON");
        }
    }
}
