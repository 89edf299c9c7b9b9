package io.rapport.rank;

/**
 * One recommended item.
 *
 * @param score the ranking score: signed LLR for co-purchase answers, distinct buyers for popular ones
 * @param coPurchases distinct customers who bought both this item and the item asked about (0 for a
 *     popular answer)
 * @param reason a sentence a person can read, saying why the item is there
 */
public record RankedItem(String itemId, double score, long coPurchases, String reason) {}
