package io.rapport.jobs.offer;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.event.Event;
import io.rapport.event.EventParser;
import io.rapport.event.EventType;
import io.rapport.event.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Validates raw events with the API's {@link EventParser} and keeps the offer outcomes and erasures.
 * Left out: an {@code offer_impression} with {@code "holdout": true} (the customer was held out,
 * not contacted; see {@code io.rapport.kpi}) and offer events that carry a {@code recommendationId}
 * (recommendation placements, not offers). Invalid events are counted by {@code invalidEvents} and
 * dead-lettered by the co-purchase job, which reads the same topic.
 */
public class ParseOfferOutcomesFunction extends ProcessFunction<String, OfferOutcome> {
    private static final long serialVersionUID = 1L;

    private static final Set<EventType> OUTCOMES =
            EnumSet.of(EventType.OFFER_IMPRESSION, EventType.OFFER_CLICK, EventType.OFFER_REDEEM);

    private transient EventParser parser;
    private transient Counter invalidEvents;

    @Override
    public void open(OpenContext openContext) {
        parser = new EventParser();
        invalidEvents = getRuntimeContext().getMetricGroup().counter("invalidEvents");
    }

    @Override
    public void processElement(String raw, Context ctx, Collector<OfferOutcome> out) {
        Event event;
        try {
            event = parser.parse(raw.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidEventException e) {
            invalidEvents.inc();
            return;
        }
        if (event.type() == EventType.ERASE
                || (OUTCOMES.contains(event.type()) && !heldOut(event) && !event.source().has("recommendationId"))) {
            out.collect(new OfferOutcome(event.eventId(), event.customerId(), event.offerId(), event.type(),
                    event.timestamp()));
        }
    }

    private static boolean heldOut(Event event) {
        JsonNode holdout = event.source().get("holdout");
        return holdout != null && holdout.asBoolean(false);
    }
}
