package io.rapport.offer;

import io.rapport.ingest.RecordPublisher;
import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import io.vertx.core.Future;

/** {@link OfferCataloguePublisher} writing the catalogue's JSON through the API's admin {@link RecordPublisher}. */
public final class KafkaOfferCataloguePublisher implements OfferCataloguePublisher {
    private final RecordPublisher records;

    public KafkaOfferCataloguePublisher(RecordPublisher records) {
        this.records = records;
    }

    @Override
    public Future<Void> publish(OfferCatalogue catalogue) {
        return records.publish(Topics.OFFERS, OfferCatalogue.KEY, Json.encode(catalogue));
    }
}
