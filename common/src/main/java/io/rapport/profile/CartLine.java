package io.rapport.profile;

/**
 * One line of a customer's live cart.
 *
 * @param price the unit price given by the latest add_to_cart of the item, null when none gave one
 * @param quantity units in the cart
 * @param addedAt event time the item was first added, epoch milliseconds
 */
public record CartLine(String itemId, String category, Double price, int quantity, long addedAt) {}
