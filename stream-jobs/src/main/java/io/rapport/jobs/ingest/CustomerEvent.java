package io.rapport.jobs.ingest;

import io.rapport.event.Event;
import io.rapport.event.EventType;
import io.rapport.event.Item;
import io.rapport.kafka.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The compact form of a validated event that the customer-level jobs need: every event type, with
 * its lines as parallel arrays ({@link #itemIds}, {@link #categories}, {@link #prices}, {@link
 * #quantities}; a category or price is null where the event gave none, a quantity defaults to 1) and
 * the type-specific fields ({@link #orderId}, {@link #rating}, {@link #comment}, {@link
 * #attributesJson}), null where the type has none.
 *
 * <p>A Flink POJO with arrays rather than lists, and attributes as JSON text rather than a map of
 * arbitrary values, so that it is serialized without Kryo.
 */
public class CustomerEvent {
    public String eventId;
    public String customerId;
    public EventType type;
    /** Event time, epoch milliseconds. */
    public long timestamp;
    /**
     * When the attributes of a {@code profile_update} take effect, epoch milliseconds: the event time,
     * or the time of its Kafka record if earlier (an event stamped ahead of the clock).
     */
    public long attributesAt;

    public String orderId;
    public String[] itemIds;
    public String[] categories;
    public Double[] prices;
    public int[] quantities;
    public Integer rating;
    public String comment;
    /** The {@code attributes} object of a {@code profile_update}, as JSON; null for other types. */
    public String attributesJson;

    public CustomerEvent() {}

    /** The compact form of a validated event whose attributes take effect at its event time. */
    public static CustomerEvent of(Event event) {
        return of(event, event.timestamp());
    }

    /** The compact form of a validated event whose attributes take effect at {@code attributesAt}. */
    public static CustomerEvent of(Event event, long attributesAt) {
        CustomerEvent e = new CustomerEvent();
        e.eventId = event.eventId();
        e.customerId = event.customerId();
        e.type = event.type();
        e.timestamp = event.timestamp();
        e.attributesAt = attributesAt;
        e.orderId = event.orderId();
        List<Item> items = event.items();
        e.itemIds = new String[items.size()];
        e.categories = new String[items.size()];
        e.prices = new Double[items.size()];
        e.quantities = new int[items.size()];
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            e.itemIds[i] = item.itemId();
            e.categories[i] = item.category();
            e.prices[i] = item.price();
            e.quantities[i] = item.quantity() == null ? 1 : item.quantity();
        }
        e.rating = event.rating();
        e.comment = event.comment();
        e.attributesJson = event.type() == EventType.PROFILE_UPDATE
                ? new String(Json.encode(event.attributes()), StandardCharsets.UTF_8)
                : null;
        return e;
    }

    @Override
    public String toString() {
        return type + " " + eventId + " by " + customerId + " at " + timestamp;
    }
}
