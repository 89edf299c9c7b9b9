package io.rapport.catalog;

import io.vertx.core.Future;
import java.util.List;

/**
 * Writes catalogue records to the compacted {@code catalog} topic, keyed by itemId. The future
 * completes on the caller's context once Kafka acknowledged every record, and fails if any could
 * not be written; implementations do not block the caller.
 */
public interface CatalogPublisher {
    Future<Void> publish(List<CatalogItem> items);

    /** For an API without Kafka (tests, embedding): nothing to write, acknowledged at once. */
    CatalogPublisher IN_MEMORY = items -> Future.succeededFuture();
}
