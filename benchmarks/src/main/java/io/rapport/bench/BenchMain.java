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
 * {@code ./rapport bench [quick|full]}: runs every JMH benchmark and the HTTP load run, and writes
 * {@code benchmarks/RESULTS.md} with the machine, the command, the date and each implementation's
 * ratio to the bare baseline measured in the same run (the first constant of each benchmark's
 * {@code @Param} enum is its baseline).
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        boolean quick = args.length == 0 || args[0].equals("quick");
        Path out = Path.of(args.length > 1 ? args[1] : "benchmarks/RESULTS.md");
        Options options = new OptionsBuilder()
                .include("io\\.rapport\\.bench\\..*Benchmark")
                .forks(1)
                .warmupIterations(quick ? 2 : 3)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 3 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .build();
        Collection<RunResult> results = new Runner(options).run();
        String load = HttpLoadRun.run(quick ? 5 : 15);
        String stream = StreamThroughputRun.run(quick ? 5 : 20);
        String report = header(quick) + jmhTable(results) + "\n## HTTP load run (`HttpLoadRun`)\n\n" + load
                + "\n## Stream throughput (`StreamThroughputRun`)\n\n" + stream;
        Files.writeString(out, report, StandardCharsets.UTF_8);
        System.out.println(report);
        System.out.println("written to " + out);
    }

    private static String header(boolean quick) throws IOException {
        Runtime rt = Runtime.getRuntime();
        String cpu = Files.exists(Path.of("/proc/cpuinfo"))
                ? Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                        .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?")
                : "?";
        return String.format(Locale.ROOT, """
                # Benchmark results

                Measured %s with `./rapport bench %s` on %d cores (%s), %.0f GiB RAM, %s %s.
                Every figure is a ratio against a bare baseline measured in the same run; this machine is
                shared and noisy, so repeat a run before trusting a small difference.

                ## JMH (throughput, ops/µs; higher is better)

                """, Instant.now(), quick ? "quick" : "full", rt.availableProcessors(), cpu,
                ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                        .getTotalMemorySize() / 1024.0 / 1024 / 1024,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
    }

    private static String jmhTable(Collection<RunResult> results) {
        Map<String, Double> baselines = new LinkedHashMap<>();
        StringBuilder s = new StringBuilder("| benchmark | implementation | score ± error | vs baseline |\n|---|---|---|---|\n");
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark().replace("io.rapport.bench.", "");
            String impl = r.getParams().getParamsKeys().stream().map(r.getParams()::getParam)
                    .reduce((a, b) -> a + "," + b).orElse("-");
            Result<?> p = r.getPrimaryResult();
            double baseline = baselines.computeIfAbsent(bench, b -> p.getScore());
            s.append(String.format(Locale.ROOT, "| %s | %s | %.3f ± %.3f | %.2f× |%n", bench, impl, p.getScore(),
                    p.getScoreError(), p.getScore() / baseline));
        }
        return s.toString();
    }
}
