package io.rapport.jobs.offer;

import io.rapport.event.Event;
import io.rapport.event.EventType;
import io.rapport.event.Item;
import io.rapport.jobs.ingest.ParseEventsFunction;
import io.rapport.offer.Holdout;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.util.Collector;

/**
 * Validates raw events with the API's {@code EventParser} and keeps what the triggers follow: every
 * event's type and time (activity moves the journey stage), cart changes and purchases with their
 * lines, order id and value, profile updates' {@code birthday}, {@code marketingConsent} and {@code
 * tier}, offer impressions (the offerId only for real ones: not holdout markers, not recommendation
 * placements) and erasures.
 */
public class ParseTriggerEventsFunction extends ParseEventsFunction<TriggerEvent> {
    private static final long serialVersionUID = 1L;
    private static final Set<EventType> CART =
            EnumSet.of(EventType.ADD_TO_CART, EventType.REMOVE_FROM_CART, EventType.PURCHASE);

    @Override
    protected void accept(Event event, long attributesAt, Collector<TriggerEvent> out) {
        TriggerEvent t = new TriggerEvent();
        t.eventId = event.eventId();
        t.customerId = event.customerId();
        t.type = event.type();
        t.timestamp = event.timestamp();
        t.attributesAt = attributesAt;
        if (CART.contains(event.type())) {
            List<Item> items = event.items();
            t.itemIds = items.stream().map(Item::itemId).toArray(String[]::new);
            t.quantities = items.stream()
                    .mapToInt(i -> i.quantity() == null ? 1 : i.quantity())
                    .toArray();
            if (event.type() == EventType.PURCHASE) {
                t.orderId = event.orderId();
                t.orderValue = items.stream()
                        .mapToDouble(
                                i -> (i.price() == null ? 0 : i.price()) * (i.quantity() == null ? 1 : i.quantity()))
                        .sum();
            }
        } else if (event.type() == EventType.PROFILE_UPDATE) {
            Map<String, Object> attributes = event.attributes();
            if (attributes.containsKey("birthday")) {
                t.birthday = attributes.get("birthday") instanceof String s ? s : "";
            }
            if (attributes.containsKey("marketingConsent")) {
                Object consent = attributes.get("marketingConsent");
                t.marketingConsent = Boolean.TRUE.equals(consent) || "true".equals(consent);
            }
            if (attributes.containsKey("tier")) {
                t.tier = attributes.get("tier") instanceof String s ? s : "";
            }
        } else if (event.type() == EventType.OFFER_IMPRESSION) {
            if (!Holdout.isMarker(event) && !event.isRecommendation()) {
                t.offerId = event.offerId();
            }
        }
        out.collect(t);
    }
}
