package io.rapport.ingest;

import io.rapport.event.Event;
import io.vertx.core.Future;
import java.util.List;

/**
 * Writes accepted events to the {@code events} topic.
 *
 * <p>The returned future completes, on the caller's Vert.x context, only once every event of the
 * list has been acknowledged, so a 202 means the events are durable; it fails if any of them could
 * not be written. The events of one call are written in list order. Implementations must not block
 * the calling thread.
 */
public interface EventPublisher {
    Future<Void> publish(List<Event> events);
}
