package io.rapport.bench;

import io.rapport.copurchase.PairCounting;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-purchase work of customer-level counting: a customer owning 20 items buys a basket of 5,
 * 3 of them new. Rapport's {@link PairCounting} (new items, then the 3×20 + 3 pair deltas) against
 * the bare baseline, adding the basket to a {@link HashSet}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PairDeltaBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class PairDeltaBenchmark {
    private static final List<String> BASKET = List.of("item-1", "item-2", "item-30", "item-31", "item-32");

    /** The implementations compared; {@code HASH_SET} is the baseline. */
    public enum Impl {
        HASH_SET,
        PAIR_COUNTING
    }

    @Param
    public Impl impl;

    private final Set<String> owned = new LinkedHashSet<>();

    public PairDeltaBenchmark() {
        for (int i = 0; i < 20; i++) {
            owned.add(ZipfianKeys.key(i));
        }
    }

    @Benchmark
    public long purchase() {
        switch (impl) {
            case HASH_SET -> {
                Set<String> copy = new HashSet<>(owned);
                copy.addAll(BASKET);
                return copy.size();
            }
            case PAIR_COUNTING -> {
                List<String> fresh = PairCounting.newlyBought(owned, BASKET, 200);
                long[] deltas = new long[1];
                PairCounting.forEachPair(owned, fresh, (a, b) -> deltas[0] += a.length() + b.length());
                return deltas[0] + fresh.size();
            }
            default -> throw new IllegalStateException(impl.name());
        }
    }
}
