package io.rapport.jobs.ingest;

import io.rapport.event.EventParser;
import io.rapport.event.InvalidEventException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Validates raw events with the same {@link EventParser} as the API and emits every valid one as a
 * {@link CustomerEvent}.
 *
 * <p>Invalid events are counted by the {@code invalidEvents} metric and go no further: the
 * dead-letter topic is written by {@link ParseShopperActionsFunction} of the co-purchase job, which
 * reads the same topic, so that each refused event is dead-lettered exactly once.
 */
public class ParseCustomerEventsFunction extends ProcessFunction<String, CustomerEvent> {
    private static final long serialVersionUID = 1L;

    private transient EventParser parser;
    private transient Counter invalidEvents;

    @Override
    public void open(OpenContext openContext) {
        parser = new EventParser();
        invalidEvents = getRuntimeContext().getMetricGroup().counter("invalidEvents");
    }

    @Override
    public void processElement(String raw, Context ctx, Collector<CustomerEvent> out) {
        try {
            out.collect(CustomerEvent.of(parser.parse(raw.getBytes(StandardCharsets.UTF_8))));
        } catch (InvalidEventException e) {
            invalidEvents.inc();
        }
    }
}
