package io.rapport.offer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rapport.event.Event;
import io.rapport.event.EventParser;
import io.rapport.ingest.EventPublisher;
import io.rapport.kafka.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a held-out customer in an offer's control group: writes, without waiting, an {@code
 * offer_impression} with {@code "holdout": true} to the events topic (the convention of {@code
 * io.rapport.kpi}: "would have been shown, but was held out"; it is not a contact and counts toward
 * no cap or propensity).
 *
 * <p>The eventId is derived from (offerId, customerId, UTC day), so every request and every API
 * instance of one day writes the same event and the stream jobs count it once; a cache of the
 * pairs already written today ({@value #MAX_REMEMBERED} at most) keeps repeated requests from
 * writing at all. A failed write is forgotten and retried by the next request; failures are logged
 * at most once per {@code WARN_INTERVAL} (with how many were not), so an outage does not log a line
 * per request.
 */
public final class HoldoutRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(HoldoutRecorder.class);
    private static final long MAX_REMEMBERED = 100_000;
    private static final Duration WARN_INTERVAL = Duration.ofSeconds(10);

    private final EventParser parser;
    private final EventPublisher publisher;
    private final Cache<String, Boolean> written = Caffeine.newBuilder()
            .maximumSize(MAX_REMEMBERED)
            .expireAfterWrite(Duration.ofDays(1))
            .build();
    private final ThrottledWarning failures = new ThrottledWarning(WARN_INTERVAL, System.nanoTime());

    public HoldoutRecorder(EventParser parser, EventPublisher publisher) {
        this.parser = parser;
        this.publisher = publisher;
    }

    /** The deterministic eventId of the holdout marker of a pair on a UTC day. */
    public static String eventId(String offerId, String customerId, long epochDay) {
        return Holdout.markerEventId(offerId, customerId, String.valueOf(epochDay));
    }

    public void record(String offerId, String customerId, String channel, long nowMillis) {
        String eventId = eventId(offerId, customerId, Math.floorDiv(nowMillis, 86_400_000L));
        if (written.asMap().putIfAbsent(eventId, Boolean.TRUE) != null) {
            return;
        }
        ObjectNode json = Json.mapper()
                .createObjectNode()
                .put("eventId", eventId)
                .put("type", "offer_impression")
                .put("customerId", customerId)
                .put("timestamp", Instant.ofEpochMilli(nowMillis).toString())
                .put("offerId", offerId)
                .put("holdout", true);
        if (channel != null) { // asked without one: the offers of every channel
            json.put("channel", channel);
        }
        Event event = parser.parse(json);
        publisher.publish(List.of(event)).onFailure(e -> {
            written.invalidate(eventId);
            long heldBack = failures.pass(System.nanoTime());
            if (heldBack >= 0) {
                LOG.warn(
                        "Could not write the holdout marker {} of offer {}: {} ({} more such failures in the last {} s "
                                + "not logged)",
                        eventId,
                        offerId,
                        e.toString(),
                        heldBack,
                        WARN_INTERVAL.toSeconds());
            }
        });
    }
}
