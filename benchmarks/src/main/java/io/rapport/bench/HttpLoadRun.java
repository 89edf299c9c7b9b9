package io.rapport.bench;

import io.rapport.api.ApiConfig;
import io.rapport.api.DecisionApi;
import io.rapport.store.Views;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * HTTP load run: the API's read routes on a loaded catalogue against a bare Vert.x route that
 * returns a fixed JSON body, on the same machine in the same run.
 *
 * <p>First each target's peak throughput is found with a closed loop of {@value #IN_FLIGHT}
 * requests in flight. Then each target is driven open-loop at 50% and 90% of the bare route's
 * peak: requests are due on a fixed schedule, and latency is measured from when a request was due,
 * not from when it was sent, so a stalled server is charged for the requests it delayed
 * (coordinated-omission correction). The load generator runs in the same JVM, on its own Vert.x
 * instance, so the latencies include the client's own share of the two cores: they are upper
 * bounds of server time.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am -DskipTests package
 * java -cp benchmarks/target/benchmarks.jar io.rapport.bench.HttpLoadRun [seconds per phase, default 10]
 * </pre>
 */
public final class HttpLoadRun {
    private static final int IN_FLIGHT = 64;
    private static final String FIXED_BODY =
            "{\"itemId\":\"item-1\",\"strategy\":\"co-purchase\",\"items\":[{\"itemId\":\"item-2\",\"score\":12.5,"
                    + "\"coPurchases\":40,\"reason\":\"bought together with item-1 by 40 customers\"}]}";

    private HttpLoadRun() {}

    /** A route under test: its name and the path of the n-th request. */
    record Target(String name, int port, IntFunction<String> path) {}

    /** One measured phase. */
    record Phase(String target, String load, double rps, Histogram latencyMicros) {}

    public static void main(String[] args) throws Exception {
        System.out.println(run(args.length > 0 ? Integer.parseInt(args[0]) : 10));
    }

    /** Runs every phase for {@code seconds} each and returns the result table (Markdown). */
    static String run(int seconds) throws Exception {
        Vertx server = Vertx.vertx();
        Views views = Catalogue.views(42);
        DecisionApi api = await(DecisionApi.start(server, ApiConfig.of(0, "localhost:1"), views,
                events -> Future.failedFuture("read-only load run")));
        HttpServer bare = await(server.createHttpServer()
                .requestHandler(r -> r.response().putHeader("content-type", "application/json").end(FIXED_BODY))
                .listen(0, "127.0.0.1"));
        Vertx client = Vertx.vertx();
        HttpClient http = client.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(IN_FLIGHT));

        ZipfianKeys items = new ZipfianKeys(Catalogue.ITEMS, 1.0, 1 << 16, 7);
        List<Target> targets = List.of(
                new Target("bare Vert.x JSON route", bare.actualPort(), n -> "/bare"),
                new Target("also-bought", api.port(),
                        n -> "/v1/items/" + items.next() + "/also-bought?limit=10&customerId="
                                + Catalogue.customer(n % Catalogue.CUSTOMERS)),
                new Target("recommendations", api.port(),
                        n -> "/v1/customers/" + Catalogue.customer(n % Catalogue.CUSTOMERS) + "/recommendations?limit=10"));

        List<Phase> phases = new ArrayList<>();
        for (Target t : targets) {
            closedLoop(http, t, Math.max(2, seconds / 3));
        }
        double barePeak = 0;
        for (Target t : targets) {
            Phase peak = closedLoop(http, t, seconds);
            phases.add(peak);
            if (t == targets.get(0)) {
                barePeak = peak.rps();
            }
        }
        for (double share : new double[] {0.5, 0.9}) {
            for (Target t : targets) {
                phases.add(openLoop(http, t, barePeak * share, seconds, String.format(Locale.ROOT, "%.0f%% of bare peak", share * 100)));
            }
        }
        http.close();
        client.close();
        api.close();
        server.close();
        return report(phases, barePeak);
    }

    private static Phase closedLoop(HttpClient http, Target t, int seconds) throws InterruptedException {
        Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch finished = new CountDownLatch(IN_FLIGHT);
        AtomicLong seq = new AtomicLong();
        for (int i = 0; i < IN_FLIGHT; i++) {
            loop(http, t, h, done, seq, end, finished);
        }
        finished.await();
        return new Phase(t.name(), "closed loop, " + IN_FLIGHT + " in flight", done.get() / (double) seconds, h);
    }

    private static void loop(HttpClient http, Target t, Histogram h, AtomicLong done, AtomicLong seq, long end,
            CountDownLatch finished) {
        if (System.nanoTime() >= end) {
            finished.countDown();
            return;
        }
        long start = System.nanoTime();
        send(http, t, (int) seq.incrementAndGet()).onComplete(ar -> {
            synchronized (h) {
                h.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
            }
            done.incrementAndGet();
            loop(http, t, h, done, seq, end, finished);
        });
    }

    private static Phase openLoop(HttpClient http, Target t, double rps, int seconds, String load)
            throws InterruptedException {
        Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        long total = (long) (rps * seconds);
        long intervalNanos = (long) (1e9 / rps);
        CountDownLatch finished = new CountDownLatch((int) total);
        long start = System.nanoTime();
        for (long n = 0; n < total; n++) {
            long due = start + n * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            send(http, t, (int) n).onComplete(ar -> {
                synchronized (h) {
                    h.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                }
                finished.countDown();
            });
        }
        finished.await(60, TimeUnit.SECONDS);
        return new Phase(t.name(), load, rps, h);
    }

    private static Future<Integer> send(HttpClient http, Target t, int n) {
        return http.request(HttpMethod.GET, t.port(), "127.0.0.1", t.path().apply(n))
                .compose(req -> req.send())
                .compose(resp -> resp.body().map(b -> resp.statusCode()));
    }

    private static String report(List<Phase> phases, double barePeak) {
        StringBuilder s = new StringBuilder();
        s.append("| target | load | throughput (req/s) | vs bare | p50 ms | p99 ms | p99.9 ms |\n");
        s.append("|---|---|---|---|---|---|---|\n");
        for (Phase p : phases) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.2f× | %.2f | %.2f | %.2f |%n", p.target(), p.load(),
                    p.rps(), p.rps() / barePeak, ms(p.latencyMicros(), 50), ms(p.latencyMicros(), 99),
                    ms(p.latencyMicros(), 99.9)));
        }
        return s.toString();
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
