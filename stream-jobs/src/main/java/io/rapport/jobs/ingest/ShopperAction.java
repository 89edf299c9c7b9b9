package io.rapport.jobs.ingest;

import io.rapport.event.Event;
import io.rapport.event.EventType;
import io.rapport.event.Item;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The compact form of a validated event that the item-level jobs need: who, what kind, when and
 * which items. {@link EventType#PURCHASE}, {@link EventType#VIEW} and {@link EventType#ERASE} are
 * what the jobs count; an event of any other type becomes a {@link #clock} action, which only moves
 * the job's event time and is dropped right after the watermarks ({@link #counts}). {@link #itemIds}
 * and {@link #categories} are parallel arrays (a category is null when the event did not give one)
 * and are empty for an erase and a clock action.
 *
 * <p>Serialized by its own {@link ShopperActionSerializer}, which reads item ids back as shared
 * String instances.
 */
@TypeInfo(ShopperActionSerializer.TypeInfoFactory.class)
public class ShopperAction {
    public String eventId;
    public String customerId;
    public EventType type;
    /** Event time, epoch milliseconds. */
    public long timestamp;

    public String[] itemIds;
    public String[] categories;

    public ShopperAction() {}

    public ShopperAction(
            String eventId, String customerId, EventType type, long timestamp, String[] itemIds, String[] categories) {
        this.eventId = eventId;
        this.customerId = customerId;
        this.type = type;
        this.timestamp = timestamp;
        this.itemIds = itemIds;
        this.categories = categories;
    }

    /** Whether an event of this type becomes a {@code ShopperAction}. */
    public static boolean isRelevant(EventType type) {
        return type == EventType.PURCHASE || type == EventType.VIEW || type == EventType.ERASE;
    }

    /** Whether the jobs count this action; else it is a {@link #clock} action. */
    public static boolean counts(ShopperAction action) {
        return isRelevant(action.type);
    }

    /**
     * A validated event of a type the item jobs do not count, as its time only: it moves their
     * watermark (retention, session expiry and recent-buyer days follow every event, as in the other
     * jobs) and goes no further.
     */
    public static ShopperAction clock(Event event) {
        return new ShopperAction(
                event.eventId(), event.customerId(), event.type(), event.timestamp(), new String[0], new String[0]);
    }

    /** The action of a validated event whose type {@link #isRelevant}. */
    public static ShopperAction of(Event event) {
        List<Item> items = event.items();
        String[] ids = new String[items.size()];
        String[] categories = new String[items.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = items.get(i).itemId();
            categories[i] = items.get(i).category();
        }
        return new ShopperAction(event.eventId(), event.customerId(), event.type(), event.timestamp(), ids, categories);
    }

    @Override
    public String toString() {
        return type + " " + eventId + " by " + customerId + " at " + timestamp + " " + Arrays.toString(itemIds);
    }
}
