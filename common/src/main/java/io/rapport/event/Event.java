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
        ObjectNode source) {}
