package io.rapport.segment;

import java.util.List;
import java.util.Map;

/**
 * Segment sizes over the whole population of profiles, all taken from one pass over one snapshot,
 * so they add up: {@code inAnySegment + unsegmented == population}, the {@code journeyStages} sum to
 * {@code population}, each RFM distribution sums to {@code buyers}, and every segment size is at
 * most {@code population} (named segments may overlap).
 *
 * @param computedAt wall-clock time of the pass, epoch milliseconds (0 before the first)
 * @param population customers with a profile
 * @param buyers customers with at least one order, the population of the RFM quintiles
 * @param sizes customers per named segment, in configuration order
 * @param inAnySegment customers in at least one named segment
 * @param unsegmented customers in no named segment
 * @param journeyStages customers per journey stage (wire name), every stage listed
 * @param rfm per dimension ({@code recency}, {@code frequency}, {@code monetary}), buyers with score
 *     1 to 5 (index 0 to 4)
 */
public record SegmentCounts(
        long computedAt,
        long population,
        long buyers,
        Map<String, Long> sizes,
        long inAnySegment,
        long unsegmented,
        Map<String, Long> journeyStages,
        Map<String, List<Long>> rfm) {}
