package io.rapport.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * A validated event of the wire format. Built only by {@link EventParser}, so every instance obeys
 * the rules of PRODUCT.md for its type; fields a type does not use are null (lists are empty).
 *
 * @param timestamp event time in epoch milliseconds
 * @param source the JSON object as received, unknown fields included; it is what goes to Kafka
 */
public record Event(
        String eventId,
        EventType type,
        String customerId,
        long timestamp,
        String channel,
        String sessionId,
        String orderId,
        List<Item> items,
        String query,
        String offerId,
        Integer rating,
        String itemId,
        String comment,
        Map<String, Object> attributes,
        ObjectNode source) {

    /**
     * Whether this is a recommendation impression or click rather than an offer one: an offer event
     * with a {@code recommendationId} (see {@code io.rapport.kpi}).
     */
    public boolean isRecommendation() {
        return type.isOfferOutcome() && source != null && source.hasNonNull("recommendationId");
    }

    /**
     * The clicked item of a recommendation click: {@code itemId}, or the one item of {@code items}
     * when the click gives no {@code itemId}; null when neither names one item.
     */
    public String clickedItemId() {
        return itemId != null ? itemId : items.size() == 1 ? items.get(0).itemId() : null;
    }
}
