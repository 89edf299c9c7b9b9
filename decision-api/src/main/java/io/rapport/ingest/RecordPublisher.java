package io.rapport.ingest;

import io.vertx.core.Future;
import java.util.Map;

/**
 * Writes one record of an admin change (a whole offer catalogue, a whole campaign set) to a
 * compacted topic. The future completes on the caller's context once Kafka acknowledged the
 * record and fails if it could not be written; implementations do not block the caller.
 */
public interface RecordPublisher {
    Future<Void> publish(String topic, String key, byte[] value);

    /**
     * Writes several records to one topic, in order; completes once Kafka acknowledged all of them
     * and fails if any could not be written (those before it may have been).
     */
    default Future<Void> publishAll(String topic, Map<String, byte[]> records) {
        Future<Void> chain = Future.succeededFuture();
        for (Map.Entry<String, byte[]> r : records.entrySet()) {
            chain = chain.compose(done -> publish(topic, r.getKey(), r.getValue()));
        }
        return chain;
    }

    /** For an API without Kafka (tests, embedding): nothing to write, acknowledged at once. */
    RecordPublisher IN_MEMORY = (topic, key, value) -> Future.succeededFuture();
}
