package io.rapport.coview;

import java.util.List;

/**
 * The state of one item as the co-view job publishes it on the compacted {@code co-views} topic:
 * exact distinct-session counts and the item's top neighbours by co-view count.
 *
 * @param sessions distinct view sessions in which the item was viewed
 * @param neighbours at most the configured number of neighbours, most co-viewed first, ties by itemId
 * @param updatedAt processing time of the snapshot, epoch milliseconds
 */
public record CoViewSnapshot(
        String itemId, String category, long sessions, List<CoViewCount> neighbours, long updatedAt) {}
