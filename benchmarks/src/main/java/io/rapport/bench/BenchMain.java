package io.rapport.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code ./rapport bench [quick|full]}: runs every JMH benchmark, the HTTP load run, the stream
 * throughput run, the freshness run, the memory run and the state-size run, and writes {@code
 * benchmarks/RESULTS.md} with the machine, the command, the date, the table of targets (issue 8)
 * and each run's own table, and keeps the hand-written section on profiles and fixes. Every ratio is against a bare baseline measured in the same run (the
 * first constant of each JMH benchmark's {@code @Param} enum is its baseline).
 *
 * <p>{@code full} repeats every ratio measurement {@value #FULL_REPEATS} times (JMH: as many forks)
 * and reports the median with the spread; {@code quick} measures once, with shorter phases and a
 * smaller freshness run, to prove the harness works.
 */
public final class BenchMain {
    private static final int FULL_REPEATS = 3;
    private static final String HAND_WRITTEN = "## Profiles and fixes";

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && !args[0].equals("quick") && !args[0].equals("full")) {
            System.err.println("BenchMain: unknown mode '" + args[0] + "': use quick or full");
            System.exit(2);
        }
        boolean quick = args.length == 0 || args[0].equals("quick");
        Path out = Path.of(args.length > 1 ? args[1] : "benchmarks/RESULTS.md");
        int repeats = quick ? 1 : FULL_REPEATS;
        Options options = new OptionsBuilder()
                .include("io\\.rapport\\.bench\\..*Benchmark")
                .forks(repeats)
                .warmupIterations(quick ? 2 : 3)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 3 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .build();
        // First, while this JVM's heap holds nothing else: after the embedded stack of a later run has
        // stopped, its threads and buffers are still being released and the heap deltas go wrong.
        MemoryRun.Result memory = MemoryRun.run(20_000);
        Collection<RunResult> results = new Runner(options).run();
        HttpLoadRun.Result load = HttpLoadRun.run(quick ? 4 : 10, repeats);
        StreamThroughputRun.Result stream = StreamThroughputRun.run(quick ? 10 : 20, repeats);
        FreshnessRun.Result freshness = FreshnessRun.run(quick ? 200 : 1_000, 500);
        StateSizeRun.Result state = StateSizeRun.run(quick ? 4 : 8);
        Map<String, Double> jmh = jmhRatios(results);
        String report = header(quick, repeats)
                + targets(jmh, load, stream, freshness)
                + "\n## JMH (throughput, ops/µs; higher is better)\n\n" + jmhTable(results)
                + "\n## HTTP load run (`HttpLoadRun`)\n\n" + load.markdown()
                + "\n## Stream throughput (`StreamThroughputRun`)\n\n" + stream.markdown()
                + "\n## Freshness under load (`FreshnessRun`)\n\n" + freshness.markdown()
                + "\n## Memory of the API's views (`MemoryRun`)\n\n" + memory.markdown()
                + "\n## Flink state size over a long replay (`StateSizeRun`)\n\n" + state.markdown()
                + handWritten(out);
        Files.writeString(out, report, StandardCharsets.UTF_8);
        System.out.println(report);
        System.out.println("written to " + out);
        System.exit(0);
    }

    /**
     * The hand-written part of the previous results (from {@value #HAND_WRITTEN} on: profiles, fixes
     * and their before/after figures), which a new run keeps rather than overwrites.
     */
    private static String handWritten(Path out) throws IOException {
        if (!Files.exists(out)) {
            return "";
        }
        String previous = Files.readString(out, StandardCharsets.UTF_8);
        int at = previous.indexOf("\n" + HAND_WRITTEN);
        return at < 0 ? "" : previous.substring(at);
    }

    private static String header(boolean quick, int repeats) throws IOException {
        Runtime rt = Runtime.getRuntime();
        String cpu = Files.exists(Path.of("/proc/cpuinfo"))
                ? Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                        .filter(l -> l.startsWith("model name"))
                        .findFirst()
                        .map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .orElse("?")
                : "?";
        return String.format(
                Locale.ROOT,
                """
                # Benchmark results

                Measured %s with `./rapport bench %s` on %d cores (%s), %.0f GiB RAM, %s %s; \
                every ratio measured %d time%s (median, min–max).
                Every figure is a ratio against a bare baseline measured in the same run; this machine is
                shared and noisy, so repeat a run before trusting a small difference.

                """,
                Instant.now(),
                quick ? "quick" : "full",
                rt.availableProcessors(),
                cpu,
                ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                                .getTotalMemorySize()
                        / 1024.0
                        / 1024
                        / 1024,
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                repeats,
                repeats == 1 ? "" : "s");
    }

    /** The targets of issue 8 next to what this run measured. */
    private static String targets(
            Map<String, Double> jmh,
            HttpLoadRun.Result load,
            StreamThroughputRun.Result stream,
            FreshnessRun.Result freshness) {
        StringBuilder s = new StringBuilder("## Targets\n\n| figure | target | measured | met |\n|---|---|---|---|\n");
        Spread alsoBought = load.vsBare(HttpLoadRun.ALSO_BOUGHT, HttpLoadRun.PEAK);
        row(
                s,
                "also-bought throughput vs bare Vert.x JSON route",
                "≥ 0.6× (aim 0.8×)",
                alsoBought.ratio(),
                alsoBought.median() >= 0.6);
        Spread anonymous = load.vsBare(HttpLoadRun.ALSO_BOUGHT_ANONYMOUS, HttpLoadRun.PEAK);
        row(
                s,
                "the same for an anonymous visitor (no customerId: a product page)",
                "≥ 0.6× (aim 0.8×)",
                anonymous.ratio(),
                anonymous.median() >= 0.6);
        for (String route :
                new String[] {HttpLoadRun.ALSO_BOUGHT, HttpLoadRun.RECOMMENDATIONS, HttpLoadRun.NEXT_BEST_ACTIONS}) {
            Spread p99 = load.server(route, HttpLoadRun.HALF, HttpLoadRun.ServerTimes::p99);
            Spread p999 = load.server(route, HttpLoadRun.HALF, HttpLoadRun.ServerTimes::p999);
            Spread within = load.server(route, HttpLoadRun.HALF, t -> 100 * t.withinTarget());
            row(
                    s,
                    "API server time at 50% of bare peak, " + route,
                    "p99 ≤ 1 ms (PRODUCT.md: < 1 ms); p99.9 ≤ 10 ms",
                    "p99 " + p99.format("%.2f", " ms") + " (" + within.format("%.2f", "%") + " ≤ 1 ms); p99.9 "
                            + p999.format("%.2f", " ms"),
                    p99.median() <= HttpLoadRun.TARGET_MS && p999.median() <= 10);
        }
        Double caffeine = jmh.get("ViewLookupBenchmark.lookup CAFFEINE");
        row(
                s,
                "view lookup (Caffeine) vs ConcurrentHashMap get",
                "≥ 0.3×",
                caffeine == null ? "-" : String.format(Locale.ROOT, "%.2f×", caffeine),
                caffeine != null && caffeine >= 0.3);
        Spread coPurchase = stream.ratio(StreamThroughputRun.CO_PURCHASE, StreamThroughputRun.PASS);
        row(
                s,
                "co-purchase job vs pass-through Flink job (steady state)",
                "≥ 0.25×",
                coPurchase.ratio(),
                coPurchase.median() >= 0.25);
        Spread pass = stream.ratio(StreamThroughputRun.PASS, StreamThroughputRun.RAW);
        row(
                s,
                "pass-through Flink job vs raw Kafka consumer (steady state)",
                "≥ 0.5×",
                pass.ratio(),
                pass.median() >= 0.5);
        double p50 = freshness.alsoBoughtPercentile(50);
        double p99 = freshness.alsoBoughtPercentile(99);
        row(
                s,
                "freshness purchase → also-bought, under load",
                "p50 ≤ 200 ms, p99 ≤ 1 s",
                String.format(Locale.ROOT, "p50 %.0f ms, p99 %.0f ms", p50, p99),
                p50 <= 200 && p99 <= 1_000);
        return s.toString();
    }

    private static void row(StringBuilder s, String figure, String target, String measured, boolean met) {
        s.append("| ")
                .append(figure)
                .append(" | ")
                .append(target)
                .append(" | ")
                .append(measured)
                .append(" | ")
                .append(met ? "yes" : "**no**")
                .append(" |\n");
    }

    /** "Benchmark.method PARAM" → score over the benchmark's baseline (its first result). */
    private static Map<String, Double> jmhRatios(Collection<RunResult> results) {
        Map<String, Double> baselines = new LinkedHashMap<>();
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark().replace("io.rapport.bench.", "");
            double score = r.getPrimaryResult().getScore();
            double baseline = baselines.computeIfAbsent(bench, b -> score);
            ratios.put(bench + " " + impl(r), score / baseline);
        }
        return ratios;
    }

    private static String impl(RunResult r) {
        return r.getParams().getParamsKeys().stream()
                .map(r.getParams()::getParam)
                .reduce((a, b) -> a + "," + b)
                .orElse("-");
    }

    private static String jmhTable(Collection<RunResult> results) {
        Map<String, Double> baselines = new LinkedHashMap<>();
        StringBuilder s =
                new StringBuilder("| benchmark | implementation | score ± error | vs baseline |\n|---|---|---|---|\n");
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark().replace("io.rapport.bench.", "");
            Result<?> p = r.getPrimaryResult();
            double baseline = baselines.computeIfAbsent(bench, b -> p.getScore());
            s.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.3f ± %.3f | %.2f× |%n",
                    bench,
                    impl(r),
                    p.getScore(),
                    p.getScoreError(),
                    p.getScore() / baseline));
        }
        return s.toString();
    }
}
