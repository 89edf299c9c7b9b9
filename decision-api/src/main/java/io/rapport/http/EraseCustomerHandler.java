package io.rapport.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.rapport.event.Event;
import io.rapport.event.EventParser;
import io.rapport.ingest.EventPublisher;
import io.rapport.kafka.Json;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code DELETE /v1/customers/{customerId}}: the right to be forgotten. Publishes an {@code erase}
 * event through the same {@link EventPublisher} as {@code POST /v1/events}, checked by the same
 * {@link EventParser}, and answers {@code 202 {"accepted":1,"eventId"}} once Kafka acknowledged
 * it; the stream jobs then remove the customer and their contribution to every count.
 *
 * <p>The erase is dated now; when the customer's latest event (their profile's {@code lastSeen})
 * is dated ahead of the clock, the erase carries it as {@code through}, so that the jobs cut the
 * customer's events there and a resend of those events after the erase does not count them again.
 */
public final class EraseCustomerHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(EraseCustomerHandler.class);

    private final EventParser parser;
    private final EventPublisher publisher;
    private final RequestParams params;
    private final Clock clock;
    private final ToLongFunction<String> latestEventTime;

    private final Counter accepted;

    /** @param latestEventTime the time of a customer's latest event, {@code Long.MIN_VALUE} when unknown */
    public EraseCustomerHandler(
            EventParser parser,
            EventPublisher publisher,
            RequestParams params,
            Clock clock,
            ToLongFunction<String> latestEventTime,
            MeterRegistry registry) {
        this.parser = parser;
        this.publisher = publisher;
        this.params = params;
        this.clock = clock;
        this.latestEventTime = latestEventTime;
        this.accepted = EventsHandler.acceptedCounter(registry);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String customerId = params.pathId(ctx, "customerId");
        ObjectNode erase = Json.mapper()
                .createObjectNode()
                .put("eventId", "erase-" + UUID.randomUUID())
                .put("type", "erase")
                .put("customerId", customerId)
                .put("timestamp", clock.instant().toString());
        long latest = latestEventTime.applyAsLong(customerId);
        if (latest > clock.millis()) {
            erase.put(EventParser.ERASE_THROUGH, Instant.ofEpochMilli(latest).toString());
        }
        Event event = parser.parse(erase);
        publisher.publish(List.of(event)).onComplete(written -> {
            if (written.succeeded()) {
                accepted.increment();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("accepted", 1);
                body.put("eventId", event.eventId());
                Responses.json(ctx, 202, body);
            } else {
                LOG.warn(
                        "Could not write erase event for a customer to Kafka: {}",
                        written.cause().toString());
                EventsHandler.unavailable(ctx);
            }
        });
    }
}
