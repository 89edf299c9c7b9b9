package io.rapport.testing;

import io.rapport.event.Event;
import io.rapport.ingest.EventPublisher;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link EventPublisher} that keeps what it is given; once told, it fails every call (Kafka
 * down) or throws from it (a bug).
 */
public final class RecordingPublisher implements EventPublisher {
    private final List<Event> published = new CopyOnWriteArrayList<>();
    private volatile boolean failing;
    private volatile RuntimeException thrown;

    @Override
    public Future<Void> publish(List<Event> events) {
        if (thrown != null) {
            throw thrown;
        }
        if (failing) {
            return Future.failedFuture(new IllegalStateException("Kafka is down"));
        }
        published.addAll(events);
        return Future.succeededFuture();
    }

    public void failFromNowOn() {
        failing = true;
    }

    public void throwFromNowOn(RuntimeException e) {
        thrown = e;
    }

    public List<Event> published() {
        return published;
    }
}
