package io.rapport.http;

import io.rapport.copurchase.ItemSnapshot;
import io.rapport.profile.CustomerProfile;
import io.rapport.store.Views;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the API's own read routes a couple of thousand requests before readiness turns 200, so that the
 * first answers a client gets are compiled code's: on a fresh {@code ./rapport up} with the sample, the
 * first 1,000 reads had 96.5 % within 1 ms of server time and the next 1,000 99.7 % (2026-12-06). The
 * requests go over HTTP to the API's own port, through every handler the clients' requests pass, and
 * carry a per-process random token in {@value #HEADER}: requests bearing it are not timed into {@code
 * rapport_http_server_requests_seconds} (nor into the dashboard's latency tiles), and pass keys and the
 * rate limit, which would otherwise be spent on them. The token never leaves the process. Only routes
 * without side effects are asked: also-bought (with and without a customer), also-viewed,
 * recommendations, profiles and item stats, over the most bought items and some customers and over ids
 * nobody has (fallbacks, 404s) — never next-best actions, which record holdout markers.
 */
public final class WarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    /** The header that carries the token. */
    public static final String HEADER = "X-Rapport-Warm-Up";
    /** Requests a warm-up sends at most. */
    public static final int REQUESTS = 2_000;
    /** How long a warm-up may take at most. */
    public static final Duration BUDGET = Duration.ofSeconds(5);

    private static final String MARK = "rapport.warm-up";
    /**
     * Items the requests name at most, the most bought first: each takes a round of the six routes, so
     * {@link #REQUESTS} name about 330 of them, whose answers the hot-answer caches then hold.
     */
    private static final int ITEMS = 500;
    /** Customers the requests name at most. */
    private static final int CUSTOMERS = 200;

    private final byte[] token;
    private final String tokenText;

    public WarmUp() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        tokenText = HexFormat.of().formatHex(random);
        token = tokenText.getBytes(StandardCharsets.US_ASCII);
    }

    /** Marks a request that carries this warm-up's token; the first handler of the router. */
    public Handler<RoutingContext> marker() {
        return ctx -> {
            String presented = ctx.request().getHeader(HEADER);
            if (presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.US_ASCII))) {
                ctx.put(MARK, Boolean.TRUE);
            }
            ctx.next();
        };
    }

    /** Whether the request is a warm-up's, marked by {@link #marker}. */
    public static boolean isMarked(RoutingContext ctx) {
        return ctx.get(MARK) != null;
    }

    /** What a warm-up did. */
    public record Summary(int requests, Map<Integer, Integer> statuses, Duration took) {}

    /**
     * Sends up to {@link #REQUESTS} reads, one after the other, to the API on {@code port}, for {@link #BUDGET}
     * at most; blocks, so never call it on an event loop. Failures end it early and are only logged: a
     * warm-up is an optimisation.
     */
    public Summary run(int port, Views views) {
        List<String> paths = paths(views, REQUESTS);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        Map<Integer, Integer> statuses = new TreeMap<>();
        long start = System.nanoTime();
        long deadline = start + BUDGET.toNanos();
        int sent = 0;
        try {
            for (String path : paths) {
                if (System.nanoTime() > deadline) {
                    break;
                }
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header(HEADER, tokenText)
                        .timeout(Duration.ofSeconds(2))
                        .GET()
                        .build();
                int status = client.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                statuses.merge(status, 1, Integer::sum);
                sent++;
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.info("warm-up ended after {} requests: {}", sent, e.toString());
        }
        Summary summary = new Summary(sent, statuses, Duration.ofNanos(System.nanoTime() - start));
        LOG.info(
                "warm-up: {} requests in {} ms, statuses {}",
                sent,
                summary.took().toMillis(),
                statuses);
        return summary;
    }

    /**
     * The paths of {@code count} reads over the most bought items and some customers of {@code views}
     * (invented ids where there are none: the fallbacks' code gets warm then), cycling through the routes.
     */
    static List<String> paths(Views views, int count) {
        List<String> items = views.items().all().stream()
                .sorted(Comparator.comparingLong(ItemSnapshot::buyers).reversed())
                .limit(ITEMS)
                .map(ItemSnapshot::itemId)
                .map(WarmUp::segment)
                .toList();
        List<String> customers = views.profiles().all().stream()
                .limit(CUSTOMERS)
                .map(CustomerProfile::customerId)
                .map(WarmUp::segment)
                .toList();
        // and ids nobody has (the fallbacks, the 404s), as clients ask for them too
        items = withUnknown(items, "warm-up-item");
        customers = withUnknown(customers, "warm-up-customer");
        List<String> paths = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String item = items.get(i / 6 % items.size()); // each round of the six routes on the next ids
            String customer = customers.get(i / 6 % customers.size());
            paths.add(
                    switch (i % 6) {
                        case 0 -> "/v1/items/" + item + "/also-bought?limit=10";
                        case 1 -> "/v1/customers/" + customer + "/recommendations?limit=10";
                        case 2 -> "/v1/items/" + item + "/also-bought?limit=10&customerId=" + customer;
                        case 3 -> "/v1/customers/" + customer + "/profile";
                        case 4 -> "/v1/items/" + item + "/also-viewed?limit=10";
                        default -> "/v1/items/" + item + "/stats";
                    });
        }
        return paths;
    }

    /** {@code ids} and, after every second one, an unknown id; at least one unknown id. */
    private static List<String> withUnknown(List<String> ids, String unknown) {
        List<String> mixed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            mixed.add(ids.get(i));
            if (i % 2 == 1) {
                mixed.add(unknown + "-" + i);
            }
        }
        if (ids.size() < 2) {
            mixed.add(unknown);
        }
        return mixed;
    }

    /** An id as a path segment or query value: percent-encoded, a space as %20. */
    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
