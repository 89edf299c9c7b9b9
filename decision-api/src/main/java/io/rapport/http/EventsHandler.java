package io.rapport.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.rapport.event.Event;
import io.rapport.event.EventParser;
import io.rapport.event.EventType;
import io.rapport.event.InvalidEventException;
import io.rapport.http.security.ApiKeys;
import io.rapport.http.security.Role;
import io.rapport.http.security.SecurityHandler;
import io.rapport.ingest.EventPublisher;
import io.rapport.kafka.Topics;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/events}: validates a body of one event or an array of them and answers {@code
 * 202 {"accepted": n}} only once Kafka has acknowledged every event.
 *
 * <p>A batch is all-or-nothing: one invalid event refuses the whole batch (400 naming the field,
 * 413 past a size limit) and nothing is published. If Kafka does not acknowledge, the answer is 503
 * with {@code Retry-After}. Meters: {@code rapport.events.accepted} counts events, {@code
 * rapport.events.refused{reason}} counts refused requests (a refused body may not be countable),
 * those refused before this handler included ({@link #countRefusal}), and {@code
 * rapport.events.beyond.retention} the accepted events dated more than the stream's retention
 * ({@value Topics#JOB_RETENTION_DAYS} days) behind this API's clock: the jobs count them nowhere once their
 * event time is past it, so the counter shows an import of old history, or a producer sending epoch
 * seconds (1970), that a 202 alone hides. The API cannot know the stream's event time, so it takes
 * them all the same.
 */
public final class EventsHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(EventsHandler.class);
    static final String RETRY_AFTER_SECONDS = "1";

    private final EventParser parser;
    private final EventPublisher publisher;
    private final Counter accepted;
    private final Counter beyondRetention;
    private final Clock clock;
    private final MeterRegistry registry;

    public EventsHandler(EventParser parser, EventPublisher publisher, MeterRegistry registry) {
        this(parser, publisher, registry, Clock.systemUTC());
    }

    EventsHandler(EventParser parser, EventPublisher publisher, MeterRegistry registry, Clock clock) {
        this.parser = parser;
        this.publisher = publisher;
        this.registry = registry;
        this.clock = clock;
        this.accepted = acceptedCounter(registry);
        this.beyondRetention = Counter.builder("rapport.events.beyond.retention")
                .description("Events accepted over HTTP dated more than " + Topics.JOB_RETENTION_DAYS
                        + " days behind the API's"
                        + " clock: the stream jobs count them nowhere once their event time is past the retention"
                        + " (old history, or epoch seconds sent as milliseconds)")
                .register(registry);
    }

    /** {@code rapport.events.accepted}: events accepted over HTTP (erases by DELETE too) and acknowledged by Kafka. */
    static Counter acceptedCounter(MeterRegistry registry) {
        return Counter.builder("rapport.events.accepted")
                .description("Events accepted over HTTP (erase events of DELETE /v1/customers/{id} too) and"
                        + " acknowledged by Kafka")
                .register(registry);
    }

    @Override
    public void handle(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        List<Event> events;
        try {
            events = parser.parseBatch(body == null ? new byte[0] : body.getBytes());
        } catch (InvalidEventException e) {
            refused(e.tooLarge() ? "payload_too_large" : "invalid_event");
            FailureHandler.refuse(ctx, e, "invalid_event");
            return;
        }
        String erase = eraseOfAClient(ctx, events, body);
        if (erase != null) {
            refused("forbidden");
            Responses.error(
                    ctx,
                    403,
                    "forbidden",
                    erase + ": an erase event needs an admin key, as DELETE /v1/customers/{customerId} does",
                    erase);
            return;
        }
        publisher.publish(events).onComplete(written -> {
            if (written.succeeded()) {
                accepted.increment(events.size());
                countBeyondRetention(events);
                Responses.json(ctx, 202, Map.of("accepted", events.size()));
            } else {
                LOG.warn(
                        "Could not write {} events to Kafka: {}",
                        events.size(),
                        written.cause().toString());
                refused("unavailable");
                unavailable(ctx);
            }
        });
    }

    private void countBeyondRetention(List<Event> events) {
        long oldest = clock.millis() - Topics.JOB_RETENTION_DAYS * 86_400_000L;
        int beyond = 0;
        for (Event e : events) {
            if (e.timestamp() < oldest) {
                beyond++;
            }
        }
        if (beyond > 0) {
            beyondRetention.increment(beyond);
        }
    }

    /**
     * Where the first erase event of a batch stands ({@code type}, or {@code events[2].type} in an
     * array) when the caller holds a client key, else null: an erase deletes a customer's data, which
     * only admin keys may do (without keys configured every caller is admin).
     */
    private static String eraseOfAClient(RoutingContext ctx, List<Event> events, Buffer body) {
        ApiKeys.Caller caller = ctx.get(SecurityHandler.CALLER);
        if (caller == null || caller.role() == Role.ADMIN) {
            return null;
        }
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).type() == EventType.ERASE) {
                return isArray(body) ? "events[" + i + "].type" : "type";
            }
        }
        return null;
    }

    private static boolean isArray(Buffer body) {
        for (int i = 0; i < body.length(); i++) {
            byte b = body.getByte(i);
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '[';
            }
        }
        return false;
    }

    /**
     * The failure handler of the events route: counts a request refused before its body reached
     * {@link #handle} — over the body limit (the body handler's 413) or sent as a form (415) — and
     * passes it on to the handler that answers.
     */
    public void countRefusal(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            refused("payload_too_large");
        } else if (ctx.statusCode() == 415) {
            refused("unsupported_media_type");
        }
        ctx.next();
    }

    /** 503 with Retry-After: the events were not (all) written and may be sent again. */
    static void unavailable(RoutingContext ctx) {
        ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
        Responses.error(ctx, 503, "unavailable", "events: could not be written to Kafka; retry later");
    }

    private void refused(String reason) {
        Counter.builder("rapport.events.refused")
                .description("Requests to POST /v1/events that were refused, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
