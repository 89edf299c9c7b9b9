package io.rapport.bench;

import com.github.benmanes.caffeine.cache.Cache;
import io.rapport.copurchase.ItemSnapshot;
import io.rapport.rank.AnswerCaches;
import io.rapport.store.ItemView;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reads of a hot-answer view by Zipfian item keys: the API's Caffeine cache (built by {@link
 * AnswerCaches}, exactly as the API builds its answer caches) and the API's own item
 * view ({@link ItemView}: the item snapshots from the items topic) against the bare baseline, a
 * {@link ConcurrentHashMap}, in the same run. Report each ratio to the baseline.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am -DskipTests package
 * java -jar benchmarks/target/benchmarks.jar ViewLookupBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
@State(Scope.Benchmark)
public class ViewLookupBenchmark {
    private static final int ITEMS = 20_000;

    /** The implementations compared; {@code CONCURRENT_HASH_MAP} is the baseline. */
    public enum Store {
        CONCURRENT_HASH_MAP {
            @Override
            View create() {
                Map<String, Object> map = new ConcurrentHashMap<>();
                return new View() {
                    @Override
                    public void put(String k, Object v) {
                        map.put(k, v);
                    }

                    @Override
                    public Object get(String k) {
                        return map.get(k);
                    }
                };
            }
        },
        CAFFEINE {
            @Override
            View create() {
                // built as the API builds its hot-answer caches (AnswerCaches), maintenance off the
                // reading threads as the API's Vert.x context executor does; with Runnable::run the two
                // reading threads drain the read buffers themselves and fight over the policy's lock
                Cache<String, Object> cache = AnswerCaches.builder(ITEMS * 2L, ForkJoinPool.commonPool())
                        .build();
                return new View() {
                    @Override
                    public void put(String k, Object v) {
                        cache.put(k, v);
                    }

                    @Override
                    public Object get(String k) {
                        return cache.getIfPresent(k);
                    }
                };
            }
        },

        /** The API's own item view ({@link ItemView}), holding item snapshots as the API does. */
        API_ITEM_VIEW {
            @Override
            View create() {
                ItemView items = new ItemView();
                return new View() {
                    @Override
                    public void put(String k, Object v) {
                        items.put(new ItemSnapshot(k, "category", 1, 0, 0, List.of(), 0));
                    }

                    @Override
                    public Object get(String k) {
                        return items.get(k).orElse(null);
                    }
                };
            }
        };

        abstract View create();
    }

    /** The facade both implementations stand behind. */
    interface View {
        void put(String key, Object value);

        Object get(String key);
    }

    @Param
    public Store store;

    private View view;

    @Setup(Level.Trial)
    public void fill() {
        view = store.create();
        for (int k = 0; k < ITEMS; k++) {
            view.put(ZipfianKeys.key(k), new Object());
        }
    }

    /** Each thread walks its own copy of the key sequence. */
    @State(Scope.Thread)
    public static class Keys {
        ZipfianKeys keys =
                new ZipfianKeys(ITEMS, 1.0, 1 << 16, Thread.currentThread().getId());
    }

    @Benchmark
    public Object lookup(Keys keys) {
        return view.get(keys.keys.next());
    }
}
