package io.rapport.jobs.offer;

import io.rapport.event.Event;
import io.rapport.event.EventType;
import io.rapport.jobs.ingest.ParseEventsFunction;
import io.rapport.offer.Holdout;
import io.rapport.offer.OutcomeSegments;
import java.util.EnumSet;
import java.util.Set;
import org.apache.flink.util.Collector;

/**
 * Validates raw events with the API's {@code EventParser} and keeps the offer outcomes and erasures.
 * Left out: an {@code offer_impression} with {@code "holdout": true} (the customer was held out,
 * not contacted; see {@code io.rapport.kpi}) and offer events that carry a {@code recommendationId}
 * (recommendation placements, not offers). The optional {@code segments} field is read leniently
 * ({@link OutcomeSegments#read}). Every other valid event becomes a {@link OfferOutcome#clock}
 * outcome, which moves the job's event time only. Invalid events are counted by {@code invalidEvents} and
 * dead-lettered by the co-purchase job, which reads the same topic.
 */
public class ParseOfferOutcomesFunction extends ParseEventsFunction<OfferOutcome> {
    private static final long serialVersionUID = 1L;

    private static final Set<EventType> OUTCOMES =
            EnumSet.of(EventType.OFFER_IMPRESSION, EventType.OFFER_CLICK, EventType.OFFER_REDEEM);

    @Override
    protected void accept(Event event, long attributesAt, Collector<OfferOutcome> out) {
        if (event.type() == EventType.ERASE
                || (OUTCOMES.contains(event.type()) && !Holdout.isMarker(event) && !event.isRecommendation())) {
            out.collect(new OfferOutcome(
                    event.eventId(),
                    event.customerId(),
                    event.offerId(),
                    event.type(),
                    event.timestamp(),
                    OutcomeSegments.read(event.source())));
        } else {
            out.collect(OfferOutcome.clock(event.eventId(), event.customerId(), event.timestamp()));
        }
    }
}
