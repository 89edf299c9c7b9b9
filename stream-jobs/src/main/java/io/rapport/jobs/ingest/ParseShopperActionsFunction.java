package io.rapport.jobs.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.event.Event;
import io.rapport.event.EventParser;
import io.rapport.event.InvalidEventException;
import io.rapport.event.ItemEvent;
import io.rapport.event.Limits;
import io.rapport.jobs.kafka.EventValueSchema;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Validates raw events with the same {@link EventParser} as the API and keeps the purchases, views
 * and erasures as {@link ShopperAction}s; other valid types are not counted by the item jobs and
 * become {@link ShopperAction#clock} actions, which the jobs drop right after their watermarks (so a
 * search or a cart change moves the item jobs' event time as it moves every other job's). An
 * invalid event is never lost: it goes to {@link #DEAD_LETTERS} as a {@link DeadLetter}, keyed by
 * its customerId when one can be read (else no key), and is counted by the {@code deadLetters}
 * metric.
 *
 * <p>The common purchases, views and erasures are read by {@link EventParser#tryParseItemEvent}
 * without building a JSON tree, the cost that dominated this stage; every other event goes through
 * {@link EventParser#parse(byte[])} as before, so what is kept and what is dead-lettered, with which
 * message, is the same on both paths.
 */
public class ParseShopperActionsFunction extends ProcessFunction<String, ShopperAction> {
    private static final long serialVersionUID = 1L;

    /** Side output of the events that failed validation, ready for the dead-letter topic. */
    public static final OutputTag<TopicRecord> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private transient EventParser parser;
    private transient Counter deadLetters;

    @Override
    public void open(OpenContext openContext) {
        // the limits of the API's (RAPPORT_MAX_*), read where the task runs
        parser = new EventParser(Limits.fromEnvironment(System.getenv()), Clock.systemUTC());
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(String raw, Context ctx, Collector<ShopperAction> out) {
        EventValueSchema.Refusal refused = EventValueSchema.refusal(raw);
        if (refused != null) {
            String customerId = customerIdOf(refused.raw());
            deadLetter(refused.reason(), refused.raw(), customerId != null ? customerId : refused.key(), ctx);
            return;
        }
        byte[] json = raw.getBytes(StandardCharsets.UTF_8);
        ItemEvent common = parser.tryParseItemEvent(json);
        if (common != null) {
            out.collect(new ShopperAction(
                    common.eventId(),
                    common.customerId(),
                    common.type(),
                    common.timestamp(),
                    common.itemIds(),
                    common.categories()));
            return;
        }
        Event event;
        try {
            event = parser.parse(json);
        } catch (InvalidEventException e) {
            deadLetter(e, raw, customerIdOf(raw), ctx);
            return;
        }
        out.collect(ShopperAction.isRelevant(event.type()) ? ShopperAction.of(event) : ShopperAction.clock(event));
    }

    private void deadLetter(InvalidEventException e, String raw, String key, Context ctx) {
        DeadLetter letter =
                DeadLetter.of(e.getMessage(), e.field(), raw, ctx.timerService().currentProcessingTime());
        ctx.output(DEAD_LETTERS, new TopicRecord(key, Json.encode(letter)));
        deadLetters.inc();
    }

    /** The customerId of an invalid event when it is still readable, so the letter keeps the event's key. */
    private static String customerIdOf(String raw) {
        try {
            JsonNode id = Json.mapper().readTree(raw).path("customerId");
            return id.isTextual() ? id.textValue() : null;
        } catch (JsonProcessingException unreadable) {
            return null;
        }
    }
}
