package io.rapport.offer;

import io.rapport.event.Event;
import io.rapport.event.EventType;
import io.rapport.ingest.EventPublisher;
import io.vertx.core.Future;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes events like its delegate, after putting on every offer outcome ({@code offer_impression},
 * {@code offer_click}, {@code offer_redeem}) posted without a {@code segments} field the segments
 * its customer is in now ({@link OutcomeSegments}): the named segments, journey stage and tier that
 * next-best-actions arbitrates with. The offer counters job counts each offer's impressions and
 * redemptions per segment from it, so the per-segment propensity learns in the very segments it is
 * looked up by. A field the caller sent is kept as sent; a customer in no segment (or unknown) gets
 * none. Reads only memory.
 */
public final class SegmentStampingPublisher implements EventPublisher {
    private static final Set<EventType> OUTCOMES =
            EnumSet.of(EventType.OFFER_IMPRESSION, EventType.OFFER_CLICK, EventType.OFFER_REDEEM);

    private final EventPublisher delegate;
    private final Function<String, Set<String>> segmentsOf;

    /** @param segmentsOf customerId → the customer's segments now, e.g. {@link ProfileOfferFacts#segments} */
    public SegmentStampingPublisher(EventPublisher delegate, Function<String, Set<String>> segmentsOf) {
        this.delegate = delegate;
        this.segmentsOf = segmentsOf;
    }

    @Override
    public Future<Void> publish(List<Event> events) {
        for (Event e : events) {
            if (OUTCOMES.contains(e.type()) && !e.source().has(OutcomeSegments.FIELD)) {
                Set<String> segments = segmentsOf.apply(e.customerId());
                if (!segments.isEmpty()) {
                    OutcomeSegments.stamp(e.source(), segments);
                }
            }
        }
        return delegate.publish(events);
    }
}
