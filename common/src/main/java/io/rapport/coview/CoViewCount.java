package io.rapport.coview;

/** An item's also-viewed neighbour: both items were viewed in {@code coViews} distinct view sessions. */
public record CoViewCount(String itemId, long coViews) {}
