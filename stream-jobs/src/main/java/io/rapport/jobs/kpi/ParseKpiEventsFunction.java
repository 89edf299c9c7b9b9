package io.rapport.jobs.kpi;

import io.rapport.event.Event;
import io.rapport.jobs.ingest.ParseEventsFunction;
import org.apache.flink.util.Collector;

/**
 * Validates raw events with the same {@code EventParser} as the API and emits every valid one as a
 * {@link KpiEvent}. Invalid events are counted by the {@code invalidEvents} metric and not written
 * anywhere: the co-purchase job, which reads the same topic, already writes each of them to the
 * dead-letter topic once, with its reason.
 */
public class ParseKpiEventsFunction extends ParseEventsFunction<KpiEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    protected void accept(Event event, long attributesAt, Collector<KpiEvent> out) {
        out.collect(KpiEvent.of(event));
    }
}
