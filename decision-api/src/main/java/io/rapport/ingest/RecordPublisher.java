package io.rapport.ingest;

import io.vertx.core.Future;

/**
 * Writes one record of an admin change (a whole offer catalogue, a whole campaign set) to a
 * compacted topic. The future completes on the caller's context once Kafka acknowledged the
 * record and fails if it could not be written; implementations do not block the caller.
 */
public interface RecordPublisher {
    Future<Void> publish(String topic, String key, byte[] value);

    /** For an API without Kafka (tests, embedding): nothing to write, acknowledged at once. */
    RecordPublisher IN_MEMORY = (topic, key, value) -> Future.succeededFuture();
}
