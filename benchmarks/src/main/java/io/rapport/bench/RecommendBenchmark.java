package io.rapport.bench;

import io.rapport.rank.ItemFacts;
import io.rapport.rank.ItemFilter;
import io.rapport.rank.PersonalRecommender;
import io.rapport.rank.PersonalRecommender.Recommendations;
import io.rapport.rank.PopularItems;
import io.rapport.rank.RecommendationCache;
import io.rapport.store.Views;
import java.util.HashMap;
import java.util.Map;
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
 * A personal recommendation (top 10, owned items removed) for Zipfian customer keys on the
 * 5,000-item, 10,000-customer synthetic catalogue: Rapport's {@link PersonalRecommender} computing
 * every answer, and behind its {@link RecommendationCache} (hot answers; nothing changes during the
 * run, so every customer computes once), against the bare baseline, a {@link HashMap} of
 * precomputed answers.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RecommendBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
@State(Scope.Benchmark)
public class RecommendBenchmark {

    /** The implementations compared; {@code PRECOMPUTED_MAP} is the baseline. */
    public enum Impl {
        PRECOMPUTED_MAP,
        RAPPORT_RECOMMENDER,
        RAPPORT_CACHED
    }

    @Param
    public Impl impl;

    private PersonalRecommender recommender;
    private RecommendationCache cached;
    private Map<String, Recommendations> precomputed;

    @Setup(Level.Trial)
    public void setUp() {
        Views views = Catalogue.views(42);
        ItemFacts facts = new ItemFacts(views.items(), views.catalog());
        PopularItems popular = new PopularItems(views.items(), 100, facts);
        popular.refresh();
        // Cache upkeep off the measured threads, as the API runs it on its event-loop context.
        recommender = new PersonalRecommender(
                views.items(),
                views.coViews(),
                views.customers(),
                views.profiles(),
                popular,
                facts,
                PersonalRecommender.Settings.DEFAULTS,
                PersonalRecommender.DEFAULT_CACHE_SIZE,
                ForkJoinPool.commonPool());
        cached = new RecommendationCache(
                recommender, views.customers(), facts, Catalogue.CUSTOMERS, ForkJoinPool.commonPool());
        precomputed = new HashMap<>();
        if (impl == Impl.PRECOMPUTED_MAP) {
            for (int c = 0; c < Catalogue.CUSTOMERS; c++) {
                String customer = Catalogue.customer(c);
                precomputed.put(customer, recommender.recommend(customer, 10));
            }
        }
    }

    /** Each thread walks its own copy of the Zipfian customer sequence. */
    @State(Scope.Thread)
    public static class Keys {
        private final String[] customers = new String[1 << 16];
        private int next;

        public Keys() {
            ZipfianKeys keys = new ZipfianKeys(
                    Catalogue.CUSTOMERS,
                    1.0,
                    customers.length,
                    Thread.currentThread().getId());
            for (int i = 0; i < customers.length; i++) {
                // ZipfianKeys names key k "item-k"; the same rank names customer k.
                customers[i] = Catalogue.customer(Integer.parseInt(keys.next().substring("item-".length())));
            }
        }

        String next() {
            String customer = customers[next];
            next = next + 1 == customers.length ? 0 : next + 1;
            return customer;
        }
    }

    @Benchmark
    public Object recommend(Keys keys) {
        String customer = keys.next();
        return switch (impl) {
            case PRECOMPUTED_MAP -> precomputed.get(customer);
            case RAPPORT_RECOMMENDER -> recommender.recommend(customer, 10);
            case RAPPORT_CACHED -> cached.recommend(customer, 10, ItemFilter.DEFAULT);
        };
    }
}
