package io.rapport.http;

import io.rapport.event.InvalidEventException;
import io.rapport.offer.Offer;
import io.rapport.offer.OfferCatalogue;
import io.rapport.offer.OfferCatalogueService;
import io.rapport.offer.OfferValidator;
import io.rapport.offer.OfferViews;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /v1/offers} answers the catalogue as a JSON array of offers; {@code PUT /v1/offers}
 * takes one and replaces the whole catalogue, answering {@code 200} with the catalogue as stored
 * (defaults filled in, times in UTC) once Kafka acknowledged it. A broken offer refuses the whole
 * body with 400 {@code invalid_offer} naming the field ({@code offers[0].contactClass: …}); Kafka
 * not acknowledging gives 503 with {@code Retry-After}.
 */
public final class OffersHandler {
    private final OfferViews views;
    private final OfferCatalogueService catalogue;
    private final OfferValidator validator;
    private final JsonBodyReader bodies;

    public OffersHandler(
            OfferViews views, OfferCatalogueService catalogue, OfferValidator validator, JsonBodyReader bodies) {
        this.views = views;
        this.catalogue = catalogue;
        this.validator = validator;
        this.bodies = bodies;
    }

    public void get(RoutingContext ctx) {
        Responses.json(ctx, 200, views.catalogue().offers().offers());
    }

    public void put(RoutingContext ctx) {
        List<Offer> offers;
        try {
            offers = validator.catalogue(bodies.read(ctx, "offers", "a JSON array of offers"));
        } catch (InvalidEventException e) {
            FailureHandler.refuse(ctx, e, "invalid_offer");
            return;
        }
        AdminWrites.answer(ctx, catalogue.replace(offers), "offers", OfferCatalogue::offers);
    }
}
