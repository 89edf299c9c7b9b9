package io.rapport.jobs.ingest;

import io.rapport.event.Event;
import io.rapport.offer.Holdout;
import org.apache.flink.util.Collector;

/**
 * Validates raw events with the same {@code EventParser} as the API and emits every valid one as a
 * {@link CustomerEvent}, but for holdout markers ({@link Holdout#isMarker}): a customer held out of an
 * offer was shown nothing, so the marker neither creates a profile nor counts as an impression.
 *
 * <p>Invalid events are counted by the {@code invalidEvents} metric and go no further: the
 * dead-letter topic is written by {@link ParseShopperActionsFunction} of the co-purchase job, which
 * reads the same topic, so that each refused event is dead-lettered exactly once.
 */
public class ParseCustomerEventsFunction extends ParseEventsFunction<CustomerEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    protected void accept(Event event, long attributesAt, Collector<CustomerEvent> out) {
        if (!Holdout.isMarker(event)) {
            out.collect(CustomerEvent.of(event, attributesAt));
        }
    }
}
