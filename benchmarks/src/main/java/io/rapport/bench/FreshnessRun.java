package io.rapport.bench;

import io.rapport.embedded.EmbeddedStack;
import io.rapport.embedded.Ports;
import io.rapport.embedded.StackConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Freshness under load on the embedded stack (KRaft broker, the Flink jobs, the API, one JVM):
 * the time from a purchase being accepted ({@code 202} from {@code POST /v1/events}) until it is
 * visible in also-bought (the new pair is listed) and in the profile (the order is counted).
 *
 * <p>While a background load of views and purchases of other customers flows through the same
 * API, probe purchases are posted at a fixed rate, each by a new customer buying two items nobody
 * bought before, so its visibility is unambiguous. From the moment the {@code 202} arrives, each
 * probe polls {@code also-bought} of its first item and the customer's {@code profile} every
 * {@value #POLL_MILLIS} ms until the answer shows it: figures are therefore at most that much late.
 * A first probe waits for the jobs to be running; then the background load and uncounted probes
 * run for {@value #WARMUP_SECONDS} s before the measured probes.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.rapport.bench.FreshnessRun [purchases, default 1000] [background events/s, default 500]
 * </pre>
 */
public final class FreshnessRun {
    private static final int POLL_MILLIS = 20;
    private static final int PROBES_PER_SECOND = 20;
    private static final int BACKGROUND_CUSTOMERS = 5_000;
    private static final int BACKGROUND_ITEMS = 2_000;
    private static final long TIMEOUT_MILLIS = 30_000;
    /**
     * Probes and background load run this long, uncounted, before the measured probes: in the first
     * seconds after start-up the JIT compiles Kafka, Flink and the API on the same two cores, and
     * freshness is seconds rather than milliseconds (the steady state is what the targets are about).
     */
    private static final int WARMUP_SECONDS = 20;

    private FreshnessRun() {}

    /** Milliseconds from 202 to visible, per probe; -1 for a probe that timed out. */
    record Result(
            int probes,
            double backgroundRate,
            long backgroundAccepted,
            List<Long> alsoBought,
            List<Long> profile,
            long rateLimitedPolls) {

        double alsoBoughtPercentile(double p) {
            return percentile(alsoBought, p);
        }

        String markdown() {
            return String.format(
                    Locale.ROOT,
                    """
                    %,d probe purchases (%d/s, after %d s of warm-up) while %,d background events were accepted \
                    (target %.0f events/s, views and purchases of %,d customers); polled every %d ms, so each figure \
                    is up to %d ms late

                    | visible in | p50 ms | p99 ms | max ms | timed out (> %d s) |
                    |---|---|---|---|---|
                    | also-bought | %.0f | %.0f | %.0f | %d |
                    | profile | %.0f | %.0f | %.0f | %d |

                    Polls refused by the API's per-caller rate limit (429, retried): %,d.
                    """,
                    probes,
                    PROBES_PER_SECOND,
                    WARMUP_SECONDS,
                    backgroundAccepted,
                    backgroundRate,
                    BACKGROUND_CUSTOMERS,
                    POLL_MILLIS,
                    POLL_MILLIS,
                    TIMEOUT_MILLIS / 1000,
                    percentile(alsoBought, 50),
                    percentile(alsoBought, 99),
                    percentile(alsoBought, 100),
                    alsoBought.stream().filter(v -> v < 0).count(),
                    percentile(profile, 50),
                    percentile(profile, 99),
                    percentile(profile, 100),
                    profile.stream().filter(v -> v < 0).count(),
                    rateLimitedPolls);
        }

        private static double percentile(List<Long> values, double p) {
            List<Long> ok = new ArrayList<>(values.stream().filter(v -> v >= 0).toList());
            if (ok.isEmpty()) {
                return Double.NaN;
            }
            Collections.sort(ok);
            int index = (int) Math.ceil(p / 100 * ok.size()) - 1;
            return ok.get(Math.max(0, Math.min(ok.size() - 1, index)));
        }
    }

    public static void main(String[] args) throws Exception {
        int probes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        double background = args.length > 1 ? Double.parseDouble(args[1]) : 500;
        System.out.println(run(probes, background).markdown());
        System.exit(0);
    }

    static Result run(int probes, double backgroundRate) throws Exception {
        Path dir = Files.createTempDirectory("rapport-freshness");
        try (EmbeddedStack stack = EmbeddedStack.start(new StackConfig(dir, 0, Ports.free(), 1, 2))) {
            int port = Integer.parseInt(stack.apiUrl().substring(stack.apiUrl().lastIndexOf(':') + 1));
            Vertx vertx = Vertx.vertx();
            try {
                HttpClient http = vertx.createHttpClient(
                        new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
                Probe.Api api = new Probe.Api(http, port, new AtomicLong());
                join(new Probe(api, "warmup", System.currentTimeMillis()).run(vertx, 120_000));
                AtomicLong accepted = new AtomicLong();
                AtomicLong refused = new AtomicLong();
                long batchPeriod = 100;
                int perBatch = (int) Math.max(1, backgroundRate * batchPeriod / 1000);
                Random random = new Random(11);
                long background = vertx.setPeriodic(batchPeriod, id -> {
                    JsonArray batch = new JsonArray();
                    for (int i = 0; i < perBatch; i++) {
                        batch.add(backgroundEvent(random));
                    }
                    api.post(batch).onSuccess(status -> {
                        if (status == 202) {
                            accepted.addAndGet(perBatch);
                        } else {
                            refused.incrementAndGet();
                        }
                    });
                });
                for (CompletableFuture<long[]> warm : probes(api, vertx, "w", WARMUP_SECONDS * PROBES_PER_SECOND)) {
                    warm.get(TIMEOUT_MILLIS * 2, TimeUnit.MILLISECONDS);
                }
                List<CompletableFuture<long[]>> results = probes(api, vertx, "p", probes);
                List<Long> alsoBought = new ArrayList<>();
                List<Long> profile = new ArrayList<>();
                for (CompletableFuture<long[]> r : results) {
                    long[] times = r.get(TIMEOUT_MILLIS * 2, TimeUnit.MILLISECONDS);
                    alsoBought.add(times[0]);
                    profile.add(times[1]);
                }
                vertx.cancelTimer(background);
                if (refused.get() > 0) {
                    throw new IllegalStateException(refused.get() + " background batches were refused");
                }
                return new Result(
                        probes,
                        backgroundRate,
                        accepted.get(),
                        alsoBought,
                        profile,
                        api.rateLimited().get());
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Posts {@code count} probes at {@link #PROBES_PER_SECOND}; each future completes once both answers show it. */
    private static List<CompletableFuture<long[]>> probes(Probe.Api api, Vertx vertx, String prefix, int count)
            throws InterruptedException {
        List<CompletableFuture<long[]>> results = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + TimeUnit.MILLISECONDS.toNanos(i * 1000L / PROBES_PER_SECOND);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            results.add(new Probe(api, prefix + i, System.currentTimeMillis())
                    .run(vertx, TIMEOUT_MILLIS)
                    .toCompletionStage()
                    .toCompletableFuture());
        }
        return results;
    }

    private static long[] join(Future<long[]> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
    }

    private static JsonObject backgroundEvent(Random random) {
        String customer = "bg-c-" + random.nextInt(BACKGROUND_CUSTOMERS);
        JsonObject e = new JsonObject()
                .put("eventId", "bg-" + System.nanoTime() + "-" + random.nextInt(1_000_000))
                .put("customerId", customer)
                .put("timestamp", Instant.now().toString());
        if (random.nextInt(4) == 0) {
            JsonArray items = new JsonArray();
            int n = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                items.add(item("bg-item-" + zipf(random), 1));
            }
            return e.put("type", "purchase")
                    .put("orderId", "bg-o-" + random.nextInt(Integer.MAX_VALUE))
                    .put("items", items);
        }
        return e.put("type", "view").put("items", new JsonArray().add(item("bg-item-" + zipf(random), 1)));
    }

    private static int zipf(Random random) {
        return (int) Math.min(BACKGROUND_ITEMS - 1, Math.floor(Math.pow(BACKGROUND_ITEMS, random.nextDouble())) - 1);
    }

    private static JsonObject item(String itemId, int quantity) {
        return new JsonObject()
                .put("itemId", itemId)
                .put("category", "bg")
                .put("price", 2.5)
                .put("quantity", quantity);
    }

    /** One probe purchase: posts it, then polls both answers until each shows it. */
    private record Probe(Api api, String id, long createdAt) {

        /** The API as the probes use it. */
        record Api(HttpClient http, int port, AtomicLong rateLimited) {
            Future<Integer> post(JsonArray events) {
                return http.request(HttpMethod.POST, port, "127.0.0.1", "/v1/events")
                        .compose(req -> req.putHeader("content-type", "application/json")
                                .send(events.toBuffer()))
                        .compose(resp -> resp.body().map(b -> resp.statusCode()));
            }

            Future<Buffer> get(String path) {
                return http.request(HttpMethod.GET, port, "127.0.0.1", path)
                        .compose(req -> req.send())
                        .compose(resp -> resp.body().map(b -> {
                            if (resp.statusCode() == 429) {
                                rateLimited.incrementAndGet();
                            }
                            return resp.statusCode() == 200 ? b : null;
                        }));
            }
        }

        /** Completes with {alsoBought ms, profile ms} after the 202, -1 for what was not seen within {@code timeout}. */
        Future<long[]> run(Vertx vertx, long timeout) {
            String customer = "fresh-c-" + id + "-" + createdAt;
            String first = "fresh-a-" + id + "-" + createdAt;
            String second = "fresh-b-" + id + "-" + createdAt;
            JsonObject purchase = new JsonObject()
                    .put("eventId", "fresh-" + id + "-" + createdAt)
                    .put("type", "purchase")
                    .put("customerId", customer)
                    .put("timestamp", Instant.now().toString())
                    .put("orderId", "fresh-o-" + id)
                    .put("items", new JsonArray().add(item(first, 1)).add(item(second, 1)));
            return api.post(new JsonArray().add(purchase)).compose(status -> {
                if (status != 202) {
                    return Future.failedFuture("probe purchase answered " + status);
                }
                long accepted = System.nanoTime();
                Future<Long> alsoBought = poll(
                        vertx,
                        accepted,
                        timeout,
                        "/v1/items/" + first + "/also-bought?limit=10",
                        body -> body.toString().contains("\"" + second + "\""));
                Future<Long> profile = poll(
                        vertx,
                        accepted,
                        timeout,
                        "/v1/customers/" + customer + "/profile",
                        body -> new JsonObject(body).getInteger("orders", 0) >= 1);
                return Future.all(alsoBought, profile).map(all -> new long[] {alsoBought.result(), profile.result()});
            });
        }

        private Future<Long> poll(
                Vertx vertx, long accepted, long timeout, String path, java.util.function.Predicate<Buffer> visible) {
            Promise<Long> done = Promise.promise();
            attempt(vertx, accepted, timeout, path, visible, done);
            return done.future();
        }

        private void attempt(
                Vertx vertx,
                long accepted,
                long timeout,
                String path,
                java.util.function.Predicate<Buffer> visible,
                Promise<Long> done) {
            api.get(path).onComplete(ar -> {
                long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - accepted);
                if (ar.succeeded() && ar.result() != null && visible.test(ar.result())) {
                    done.complete(elapsed);
                } else if (elapsed > timeout) {
                    done.complete(-1L);
                } else {
                    vertx.setTimer(POLL_MILLIS, t -> attempt(vertx, accepted, timeout, path, visible, done));
                }
            });
        }
    }
}
