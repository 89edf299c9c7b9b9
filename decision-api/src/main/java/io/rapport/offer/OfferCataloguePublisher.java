package io.rapport.offer;

import io.vertx.core.Future;

/**
 * Writes a catalogue to the compacted {@code offers} topic under {@link OfferCatalogue#KEY}. The
 * future completes on the caller's context once Kafka acknowledged the record, and fails if it
 * could not be written; implementations do not block the caller.
 */
public interface OfferCataloguePublisher {
    Future<Void> publish(OfferCatalogue catalogue);

    /** For an API without Kafka (tests, embedding): nothing to write, acknowledged at once. */
    OfferCataloguePublisher IN_MEMORY = catalogue -> Future.succeededFuture();
}
