package io.rapport.bench;

import io.rapport.http.AlsoBoughtHandler;
import io.rapport.kafka.Json;
import io.rapport.rank.AlsoBought;
import io.rapport.rank.AlsoBoughtRanker;
import io.rapport.rank.Strategy;
import java.util.HashMap;
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
 * The body of an anonymous "also bought" answer (a product page: no customer, no filter, top 10), from
 * item id to response bytes, by Zipfian item keys: the handler's path since the ranker keeps the
 * encoded answer beside its cached list ({@link AlsoBoughtRanker#encodedAnonymous}), the path before
 * it (pick the answer from the cached list, then {@code Json.encode} the response record, as {@code
 * Responses.json} does), against the bare baseline, a {@link HashMap} of precomputed bodies.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AlsoBoughtBodyBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
@State(Scope.Benchmark)
public class AlsoBoughtBodyBenchmark {

    /** The implementations compared; {@code PRECOMPUTED_BODIES} is the baseline. */
    public enum Impl {
        PRECOMPUTED_BODIES,
        RAPPORT_KEPT_BODY,
        RAPPORT_PICK_AND_ENCODE
    }

    @Param
    public Impl impl;

    private AlsoBoughtRanker ranker;
    private final Map<String, byte[]> bodies = new HashMap<>();

    @Setup(Level.Trial)
    public void setUp() {
        ranker = Catalogue.alsoBoughtRanker(Catalogue.views(42));
        for (int k = 0; k < Catalogue.ITEMS; k++) {
            bodies.put(ZipfianKeys.key(k), pickAndEncode(ZipfianKeys.key(k)));
        }
    }

    private byte[] pickAndEncode(String item) {
        AlsoBought answer = ranker.recommend(item, null, 10);
        return Json.encode(new AlsoBoughtHandler.Response(
                answer.itemId(), answer.strategy().wireName(), answer.items()));
    }

    /** Each thread walks its own copy of the key sequence. */
    @State(Scope.Thread)
    public static class Keys {
        ZipfianKeys items = new ZipfianKeys(
                Catalogue.ITEMS, 1.0, 1 << 16, Thread.currentThread().getId());
    }

    @Benchmark
    public byte[] body(Keys keys) {
        String item = keys.items.next();
        return switch (impl) {
            case PRECOMPUTED_BODIES -> bodies.get(item);
            case RAPPORT_KEPT_BODY ->
                ranker.encodedAnonymous(
                        item,
                        10,
                        items -> Json.encode(
                                new AlsoBoughtHandler.Response(item, Strategy.CO_PURCHASE.wireName(), items)));
            case RAPPORT_PICK_AND_ENCODE -> pickAndEncode(item);
        };
    }
}
