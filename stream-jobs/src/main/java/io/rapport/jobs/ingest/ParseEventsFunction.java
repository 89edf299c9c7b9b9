package io.rapport.jobs.ingest;

import io.rapport.event.Event;
import io.rapport.event.EventParser;
import io.rapport.event.InvalidEventException;
import io.rapport.event.Limits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The first step of every job but the co-purchase job: validates raw events with the API's own
 * {@link EventParser} and hands each valid one to {@link #accept}, which keeps what the job follows.
 *
 * <p>An invalid event is counted by the {@code invalidEvents} metric and goes no further here: the
 * co-purchase job, which reads the same topic, writes each of them to the dead-letter topic once,
 * with its reason ({@link ParseShopperActionsFunction}).
 *
 * @param <T> what the job keeps of an event
 */
public abstract class ParseEventsFunction<T> extends ProcessFunction<String, T> {
    private static final long serialVersionUID = 1L;

    private transient EventParser parser;
    private transient Counter invalidEvents;

    @Override
    public void open(OpenContext openContext) {
        // the limits of the API's (RAPPORT_MAX_*), read where the task runs
        parser = new EventParser(Limits.fromEnvironment(System.getenv()), Clock.systemUTC());
        invalidEvents = getRuntimeContext().getMetricGroup().counter("invalidEvents");
    }

    @Override
    public final void processElement(String raw, Context ctx, Collector<T> out) {
        Event event;
        try {
            event = parser.parse(raw.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidEventException e) {
            invalidEvents.inc();
            return;
        }
        accept(event, attributesAt(event.timestamp(), ctx.timestamp()), out);
    }

    /**
     * When the attributes of an event take effect in a merge ordered by time: its event time, or the
     * time of its Kafka record if that is earlier. Events are accepted up to a day ahead of the clock
     * ({@code RAPPORT_MAX_FUTURE_SKEW}), so ordered by event time alone a consent grant stamped 20 hours
     * ahead would outlive, for 20 hours, a withdrawal sent after it. The record's time is when the API
     * published it (or what the producer set), stored with the record, so a rebuild from the topic
     * orders the same way; an event stamped in the past (an app's offline queue) keeps its event time.
     *
     * @param recordTime the record's timestamp, null or negative when it has none
     */
    /**
     * Updates of a key that take effect within this of each other apply in the order they arrive, so that
     * a withdrawal sent after a grant stamped ahead wins even when its own clock, or the moment it was
     * stamped before sending, puts it a little before the grant's arrival (a batch of [grant stamped +20 h,
     * withdrawal stamped now]; a device clock seconds slow). Further apart, the later time wins whatever
     * the arrival order (an app's offline queue).
     */
    public static final long ARRIVAL_ORDER_WITHIN_MILLIS = 60_000;

    /** Whether an update taking effect at {@code at} applies over the one that took effect at {@code last}. */
    public static boolean supersedes(long at, long last) {
        return at >= last - ARRIVAL_ORDER_WITHIN_MILLIS;
    }

    static long attributesAt(long eventTime, Long recordTime) {
        return recordTime == null || recordTime < 0 ? eventTime : Math.min(eventTime, recordTime);
    }

    /**
     * Emits what the job keeps of a valid event, or nothing.
     *
     * @param attributesAt when the event's attributes take effect ({@link #attributesAt(long, Long)})
     */
    protected abstract void accept(Event event, long attributesAt, Collector<T> out);
}
