package io.rapport.rank;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * How the API's hot-answer caches are built (ranked neighbour lists, personal recommendations):
 * bounded, entries live {@value RankedNeighbours#TTL_SECONDS} s so that changes of other items'
 * counts show within that time, maintenance on the given executor, statistics for the cache
 * metrics, and expiry timed by the {@link CoarseTicker}. The view-lookup benchmark builds its
 * Caffeine cache here too, so it measures the configuration the API serves with.
 */
public final class AnswerCaches {
    private AnswerCaches() {}

    /** A builder for a cache of at most {@code maximumSize} answers; add listeners, then build. */
    public static Caffeine<Object, Object> builder(long maximumSize, Executor executor) {
        return Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterWrite(Duration.ofSeconds(RankedNeighbours.TTL_SECONDS))
                .ticker(CoarseTicker.shared())
                .executor(executor)
                .recordStats();
    }
}
