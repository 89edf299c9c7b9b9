package io.rapport.jobs.kpi;

import io.rapport.event.EventParser;
import io.rapport.event.InvalidEventException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Validates raw events with the same {@link EventParser} as the API and emits every valid one as a
 * {@link KpiEvent}. Invalid events are counted by the {@code invalidEvents} metric and not written
 * anywhere: the co-purchase job, which reads the same topic, already writes each of them to the
 * dead-letter topic once, with its reason.
 */
public class ParseKpiEventsFunction extends ProcessFunction<String, KpiEvent> {
    private static final long serialVersionUID = 1L;

    private transient EventParser parser;
    private transient Counter invalidEvents;

    @Override
    public void open(OpenContext openContext) {
        parser = new EventParser();
        invalidEvents = getRuntimeContext().getMetricGroup().counter("invalidEvents");
    }

    @Override
    public void processElement(String raw, Context ctx, Collector<KpiEvent> out) {
        try {
            out.collect(KpiEvent.of(parser.parse(raw.getBytes(StandardCharsets.UTF_8))));
        } catch (InvalidEventException e) {
            invalidEvents.inc();
        }
    }
}
