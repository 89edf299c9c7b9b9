package io.rapport.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rapport.event.EventParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * Reading and validating one posted purchase (three items): Rapport's {@link EventParser} against
 * the bare baseline, Jackson's {@code readTree} of the same bytes with no validation. {@code
 * RAPPORT_PARSER} reads it as the API does (a body: {@code parseBatch}), {@code RAPPORT_ITEM_EVENT}
 * as the item jobs do ({@code tryParseItemEvent}, the streaming path for common purchases, views and
 * erasures, without a tree).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar EventParseBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class EventParseBenchmark {
    private static final byte[] PURCHASE = """
            {"eventId":"e-1","type":"purchase","customerId":"c-42","timestamp":"2026-11-22T17:00:00Z",
             "channel":"web","sessionId":"s-9","orderId":"o-77",
             "items":[{"itemId":"whole milk","category":"dairy","price":1.10,"quantity":2},
                      {"itemId":"butter","category":"dairy","price":1.90,"quantity":1},
                      {"itemId":"rolls/buns","category":"bakery","price":0.35,"quantity":6}]}""".getBytes(StandardCharsets.UTF_8);

    /** The implementations compared; {@code JACKSON_TREE} is the baseline. */
    public enum Impl {
        JACKSON_TREE,
        RAPPORT_PARSER,
        RAPPORT_ITEM_EVENT
    }

    @Param
    public Impl impl;

    private final ObjectMapper mapper = new ObjectMapper();
    private final EventParser parser = new EventParser();

    @Benchmark
    public Object parse() throws IOException {
        return switch (impl) {
            case JACKSON_TREE -> mapper.readTree(PURCHASE);
            case RAPPORT_PARSER -> parser.parseBatch(PURCHASE);
            case RAPPORT_ITEM_EVENT -> parser.tryParseItemEvent(PURCHASE);
        };
    }
}
