package io.rapport.rank;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Cache;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AnswerCachesTest {

    @Test
    void answerCaches_areBounded_expireAfterTheTtl_andRecordStatistics() {
        Cache<String, String> cache = AnswerCaches.builder(100, Runnable::run).build();
        cache.put("a", "x");
        cache.getIfPresent("a");
        cache.getIfPresent("b");

        assertThat(cache.policy().eviction())
                .hasValueSatisfying(e -> assertThat(e.getMaximum()).isEqualTo(100));
        assertThat(cache.policy().expireAfterWrite())
                .hasValueSatisfying(e ->
                        assertThat(e.getExpiresAfter()).isEqualTo(Duration.ofSeconds(RankedNeighbours.TTL_SECONDS)));
        assertThat(cache.stats().hitCount()).isEqualTo(1);
        assertThat(cache.stats().missCount()).isEqualTo(1);
    }

    @Test
    void coarseTicker_followsTheClock_withinItsResolution() throws Exception {
        CoarseTicker ticker = CoarseTicker.shared();
        long first = ticker.read();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ticker.read() == first && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }

        assertThat(ticker.read()).as("advanced by its thread").isGreaterThan(first);
        // a loose bound: the thread may be descheduled on a busy machine, never ahead of the clock
        assertThat(System.nanoTime() - ticker.read()).isBetween(0L, TimeUnit.SECONDS.toNanos(5));
    }
}
