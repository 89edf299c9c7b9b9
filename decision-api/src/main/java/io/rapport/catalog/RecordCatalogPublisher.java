package io.rapport.catalog;

import io.rapport.ingest.RecordPublisher;
import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link CatalogPublisher} writing each product to the compacted catalogue topic, keyed by itemId,
 * through the API's admin {@link RecordPublisher}.
 */
public final class RecordCatalogPublisher implements CatalogPublisher {
    private final RecordPublisher records;

    public RecordCatalogPublisher(RecordPublisher records) {
        this.records = records;
    }

    @Override
    public Future<Void> publish(List<CatalogItem> items) {
        Map<String, byte[]> byItem = new LinkedHashMap<>();
        for (CatalogItem item : items) {
            byItem.put(item.itemId(), Json.encode(item));
        }
        return records.publishAll(Topics.CATALOG, byItem);
    }
}
