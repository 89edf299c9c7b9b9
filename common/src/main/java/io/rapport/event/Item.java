package io.rapport.event;

/**
 * One line of an event's {@code items}: a product, with price and quantity where the event type
 * requires them (purchases). {@code category}, {@code price} and {@code quantity} may be null on
 * views and cart changes.
 */
public record Item(String itemId, String category, Double price, Integer quantity) {}
