package io.rapport.rank;

import java.util.List;

/** An "also bought" answer for {@code itemId}: at most the requested number of items, best first. */
public record AlsoBought(String itemId, Strategy strategy, List<RankedItem> items) {}
