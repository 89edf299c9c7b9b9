package io.rapport.rank;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A Caffeine {@link Ticker} that reads a field instead of the clock: one daemon thread sets it to
 * {@link System#nanoTime()} every {@value #RESOLUTION_MILLIS} ms. The answer caches expire entries
 * after {@value RankedNeighbours#TTL_SECONDS} s, so a few milliseconds of error do not matter, while
 * {@code System.nanoTime()} on every cache read was a large part of a hit (a read of a cache with
 * expiry asks its ticker each time).
 */
public final class CoarseTicker implements Ticker {
    static final long RESOLUTION_MILLIS = 5;
    private static final CoarseTicker SHARED = new CoarseTicker();

    private volatile long now = System.nanoTime();

    private CoarseTicker() {
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rapport-coarse-ticker");
            t.setDaemon(true);
            return t;
        });
        clock.scheduleAtFixedRate(
                () -> now = System.nanoTime(), RESOLUTION_MILLIS, RESOLUTION_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The one ticker of the process; its thread starts with the first use. */
    public static CoarseTicker shared() {
        return SHARED;
    }

    @Override
    public long read() {
        return now;
    }
}
