package io.rapport.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.rapport.http.AlsoBoughtHandler;
import io.rapport.kafka.Json;
import io.rapport.rank.AlsoBoughtRanker;
import io.rapport.rank.RankedItem;
import java.io.IOException;
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
 * Encoding an answer to its response bytes: the API's encoding of an also-bought answer (ten
 * items with score, coPurchases and reason), {@code Json.encode} of the handler's response record
 * as {@code Responses.json} does it (each item writes the bytes it kept of itself, {@code
 * RankedItem}; the answers are reused, as a cached list's items are), against the bare baseline, a hand-written Jackson
 * {@link JsonGenerator} writing the same fields, on answers of the benchmark catalogue taken by
 * Zipfian item keys.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AnswerEncodeBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
@State(Scope.Benchmark)
public class AnswerEncodeBenchmark {
    private static final int ANSWERS = 1_000;
    private static final JsonFactory FACTORY = Json.mapper().getFactory();

    /** The implementations compared; {@code HAND_WRITTEN_GENERATOR} is the baseline. */
    public enum Impl {
        HAND_WRITTEN_GENERATOR,
        RAPPORT_JSON
    }

    @Param
    public Impl impl;

    private final Map<String, AlsoBoughtHandler.Response> answers = new HashMap<>();

    @Setup(Level.Trial)
    public void setUp() {
        AlsoBoughtRanker ranker = Catalogue.alsoBoughtRanker(Catalogue.views(42));
        for (int k = 0; k < ANSWERS; k++) {
            var answer = ranker.recommend(ZipfianKeys.key(k), null, 10);
            answers.put(
                    answer.itemId(),
                    new AlsoBoughtHandler.Response(
                            answer.itemId(), answer.strategy().wireName(), answer.items()));
        }
    }

    /** Each thread walks its own copy of the key sequence. */
    @State(Scope.Thread)
    public static class Keys {
        ZipfianKeys keys =
                new ZipfianKeys(ANSWERS, 1.0, 1 << 16, Thread.currentThread().getId());
    }

    @Benchmark
    public byte[] encode(Keys keys) throws IOException {
        AlsoBoughtHandler.Response answer = answers.get(keys.keys.next());
        return switch (impl) {
            case HAND_WRITTEN_GENERATOR -> handWritten(answer);
            case RAPPORT_JSON -> Json.encode(answer);
        };
    }

    private static byte[] handWritten(AlsoBoughtHandler.Response answer) throws IOException {
        // as ObjectMapper.writeValueAsBytes does: a pooled output buffer, so the two differ only in encoding
        ByteArrayBuilder bytes = new ByteArrayBuilder(FACTORY._getBufferRecycler());
        try (JsonGenerator g = FACTORY.createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("itemId", answer.itemId());
            g.writeStringField("strategy", answer.strategy());
            g.writeArrayFieldStart("items");
            for (RankedItem item : answer.items()) {
                g.writeStartObject();
                g.writeStringField("itemId", item.itemId());
                g.writeNumberField("score", item.score());
                g.writeNumberField("coPurchases", item.coPurchases());
                g.writeStringField("reason", item.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        byte[] encoded = bytes.toByteArray();
        bytes.release();
        return encoded;
    }
}
