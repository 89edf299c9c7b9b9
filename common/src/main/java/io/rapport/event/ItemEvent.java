package io.rapport.event;

/**
 * What the item-level stream jobs keep of a valid purchase, view or erase, as read by {@link
 * EventParser#tryParseItemEvent} without building the event's tree: who, what kind, when and which
 * items. {@code itemIds} and {@code categories} are parallel arrays, one entry per line of the
 * event's {@code items} in order (a category is null when the line gave none); both are empty when
 * an erase names no items.
 *
 * <p>The arrays are handed over, not copied, because the caller turns them into its own action as
 * they are; like every record of arrays, {@code equals} compares them by identity.
 *
 * @param timestamp event time in epoch milliseconds
 */
public record ItemEvent(
        String eventId, String customerId, EventType type, long timestamp, String[] itemIds, String[] categories) {}
