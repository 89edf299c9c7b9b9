package io.rapport.jobs.kpi;

import io.rapport.event.Event;
import io.rapport.event.EventType;
import io.rapport.event.Item;
import io.rapport.kpi.KpiPane;
import io.rapport.offer.Holdout;

/**
 * What the KPI job needs of a validated event: identity, type, time, the offer fields with the
 * holdout and recommendation conventions of {@code io.rapport.kpi} already read, and the purchase
 * lines as parallel arrays of item ids and line revenue in millionths.
 *
 * <p>A Flink POJO with arrays rather than lists so that it is serialized without Kryo.
 */
public class KpiEvent {
    public String eventId;
    public String customerId;
    public EventType type;
    /** Event time, epoch milliseconds. */
    public long timestamp;

    public String orderId;
    public String offerId;
    /** An {@code offer_impression} with {@code "holdout": true}: the customer was held out. */
    public boolean holdout;
    /** The event carries a {@code recommendationId}: a recommendation impression or click. */
    public boolean recommendation;
    /** The clicked item of a recommendation click, or the item of a feedback; else null. */
    public String itemId;
    /** Feedback rating 1–5, 0 for other types. */
    public int rating;

    public String[] itemIds;
    /** price × quantity of each line, in millionths; 0 where the event gives no price. */
    public long[] lineMicros;

    public KpiEvent() {}

    /** The KPI view of a validated event. */
    public static KpiEvent of(Event event) {
        KpiEvent e = new KpiEvent();
        e.eventId = event.eventId();
        e.customerId = event.customerId();
        e.type = event.type();
        e.timestamp = event.timestamp();
        e.orderId = event.orderId();
        e.offerId = event.offerId();
        e.recommendation = event.isRecommendation();
        e.itemId = e.recommendation && event.type() == EventType.OFFER_CLICK ? event.clickedItemId() : event.itemId();
        e.rating = event.rating() == null ? 0 : event.rating();
        e.holdout = Holdout.isMarker(event);
        e.itemIds = new String[event.items().size()];
        e.lineMicros = new long[event.items().size()];
        for (int i = 0; i < e.itemIds.length; i++) {
            Item item = event.items().get(i);
            e.itemIds[i] = item.itemId();
            e.lineMicros[i] = item.price() == null || item.quantity() == null
                    ? 0
                    : KpiPane.micros(item.price() * item.quantity());
        }
        return e;
    }

    @Override
    public String toString() {
        return type.wireName() + " " + eventId + " by " + customerId + " at " + timestamp;
    }
}
