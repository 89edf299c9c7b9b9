package io.rapport.offer;

/**
 * An item a cross-sell or up-sell action names.
 *
 * @param because the item of the customer's history that led to it (cross-sell) or the category it
 *     steps up in (up-sell)
 */
public record SuggestedItem(String itemId, String because) {}
