package io.rapport.offer;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;

/**
 * Replaces the offer catalogue: writes it to the {@code offers} topic and, once Kafka acknowledged
 * it, applies it to this instance's {@link OfferViews} so that the very next request sees it (other
 * instances see it when their view consumer reads the record). Each catalogue gets an {@code
 * updatedAt} later than the one it replaces.
 */
public final class OfferCatalogueService {
    private final OfferViews views;
    private final OfferCataloguePublisher publisher;
    private final Clock clock;

    public OfferCatalogueService(OfferViews views, OfferCataloguePublisher publisher, Clock clock) {
        this.views = views;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Replaces the catalogue; completes with it once written and applied. */
    public Future<OfferCatalogue> replace(List<Offer> offers) {
        long updatedAt = views.nextUpdatedAt(clock);
        OfferCatalogue catalogue = views.catalogue().offers().next(offers, updatedAt);
        return publisher.publish(catalogue).map(written -> {
            views.replace(catalogue);
            return catalogue;
        });
    }

    /**
     * Installs the {@link SampleOffers} if the catalogue is empty; completes with whether it did.
     * Call once the views are ready, or a catalogue still on its way from Kafka would be replaced.
     */
    public Future<Boolean> installSampleIfEmpty() {
        if (!views.catalogue().offers().offers().isEmpty()) {
            return Future.succeededFuture(false);
        }
        return replace(SampleOffers.load()).map(true);
    }
}
