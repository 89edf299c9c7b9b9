package io.rapport.event;

import java.time.Duration;

/**
 * The input limits of PRODUCT.md, with their documented defaults. Every limit is configurable (see
 * the README, "Configuration"); past a limit a request is refused with a 400 or 413 that names it.
 *
 * @param maxBodyBytes largest accepted request body (default 1 MiB)
 * @param maxBatchEvents most events in one POST (default 1,000)
 * @param maxItemsPerEvent most lines in one event's {@code items} (default 500)
 * @param maxQuantity largest {@code quantity} of one line (default 10,000)
 * @param maxIdLength longest id, in characters (default 256)
 * @param maxNestingDepth deepest JSON nesting (default 32)
 * @param maxTextLength longest free text such as a search query or comment (default 4,096)
 * @param maxFutureSkew how far in the future an event timestamp may lie (default 1 day)
 * @param maxQueryLimit largest {@code limit} query parameter (default 100)
 */
public record Limits(
        int maxBodyBytes,
        int maxBatchEvents,
        int maxItemsPerEvent,
        int maxQuantity,
        int maxIdLength,
        int maxNestingDepth,
        int maxTextLength,
        Duration maxFutureSkew,
        int maxQueryLimit) {

    public static final Limits DEFAULTS =
            new Limits(1024 * 1024, 1000, 500, 10_000, 256, 32, 4096, Duration.ofDays(1), 100);
}
