package io.rapport.bench;

import io.rapport.rank.AlsoBoughtRanker;
import io.rapport.rank.RankedItem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * An "also bought" answer (top 10 of an item, a customer's owned items removed) by Zipfian item
 * keys: Rapport's {@link AlsoBoughtRanker} (Caffeine-cached LLR ranking, customer filter) against
 * the bare baseline, a {@link HashMap} of precomputed answers cut to 10.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AlsoBoughtBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
@State(Scope.Benchmark)
public class AlsoBoughtBenchmark {

    /** The implementations compared; {@code PRECOMPUTED_MAP} is the baseline. */
    public enum Impl {
        PRECOMPUTED_MAP,
        RAPPORT_RANKER
    }

    @Param
    public Impl impl;

    private AlsoBoughtRanker ranker;
    private Map<String, List<RankedItem>> precomputed;

    @Setup(Level.Trial)
    public void setUp() {
        ranker = Catalogue.alsoBoughtRanker(Catalogue.views(42));
        precomputed = new HashMap<>();
        for (int k = 0; k < Catalogue.ITEMS; k++) {
            String item = ZipfianKeys.key(k);
            precomputed.put(item, ranker.neighbours(item));
        }
    }

    /** Each thread walks its own copy of the key sequence. */
    @State(Scope.Thread)
    public static class Keys {
        ZipfianKeys items = new ZipfianKeys(
                Catalogue.ITEMS, 1.0, 1 << 16, Thread.currentThread().getId());
        int customer;

        String nextCustomer() {
            customer = (customer + 1) % Catalogue.CUSTOMERS;
            return Catalogue.customer(customer);
        }
    }

    @Benchmark
    public Object alsoBought(Keys keys) {
        String item = keys.items.next();
        String customer = keys.nextCustomer();
        return switch (impl) {
            case PRECOMPUTED_MAP -> List.copyOf(precomputed.get(item).subList(0, 10));
            case RAPPORT_RANKER -> ranker.recommend(item, customer, 10);
        };
    }
}
