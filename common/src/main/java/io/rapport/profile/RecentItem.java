package io.rapport.profile;

/**
 * One interaction of a customer with an item.
 *
 * @param type the event type's wire name: {@code view}, {@code add_to_cart} or {@code purchase}
 * @param at event time, epoch milliseconds
 */
public record RecentItem(String itemId, String category, String type, long at) {}
