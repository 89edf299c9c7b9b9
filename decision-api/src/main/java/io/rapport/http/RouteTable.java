package io.rapport.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Adds the API's routes to a router, the same way for every route:
 *
 * <ul>
 *   <li>the request is tagged with the route template by a route of its own, ahead of the
 *       handlers, because Vert.x wants a body handler first on its route and a body refused for
 *       its size must still be timed under its route ({@link HttpMetrics#tagRoute});
 *   <li>a {@code GET} route answers {@code HEAD} too, with the same handler (Vert.x sends the
 *       status and headers and drops the body), timed under the same template;
 *   <li>a route with a JSON body refuses, with 415, a body sent with a {@code Content-Encoding}
 *       other than {@code identity} (nothing is decompressed), and a body sent as a form ({@code
 *       application/x-www-form-urlencoded}, curl's default for {@code -d}, or {@code
 *       multipart/form-data}) before the body handler reads it, since the body handler would
 *       decode it as form fields instead of keeping the bytes;
 *   <li>{@link #refuseOtherMethods()} answers any other method on a known path with 405 and an
 *       {@code Allow} header listing the path's methods.
 * </ul>
 */
public final class RouteTable {
    private static final String[] FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"};

    private final Router router;
    private final HttpMetrics metrics;
    private final BodyHandler body;
    private final Map<String, Set<HttpMethod>> methodsByPath = new LinkedHashMap<>();

    public RouteTable(Router router, HttpMetrics metrics, BodyHandler body) {
        this.router = router;
        this.metrics = metrics;
        this.body = body;
    }

    /** Adds a route without a body. */
    public void add(HttpMethod method, String path, Handler<RoutingContext> handler) {
        matching(method, path).handler(metrics::tagRoute);
        matching(method, path).handler(handler);
    }

    /**
     * Adds a route whose body {@code handler} reads as JSON from {@code ctx.body()}; returns the
     * route of {@code handler}, e.g. for a failure handler that sees the body handler's 413 and
     * the 415 of a form.
     */
    public Route addWithJsonBody(HttpMethod method, String path, Handler<RoutingContext> handler) {
        matching(method, path).handler(metrics::tagRoute).handler(RouteTable::refuseUnreadableBody);
        return matching(method, path).handler(body).handler(handler);
    }

    /**
     * Adds, behind every route, one route per path answering the methods the path does not have:
     * 405 with {@code Allow}. Call once, after the last route.
     */
    public void refuseOtherMethods() {
        methodsByPath.forEach((path, methods) -> {
            String allow = methods.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
            router.route(path)
                    .handler(metrics::tagRoute) // timed as the path's route, not as an unmatched request
                    .handler(ctx -> FailureHandler.methodNotAllowed(ctx, allow));
        });
    }

    /**
     * The path parameter an empty segment of {@code path} stands for, by the route templates: {@code
     * itemId} for {@code /v1/items//stats}, {@code customerId} for {@code /v1/customers/} (a
     * trailing slash where an id should follow); {@code null} when no template has a parameter
     * there, or when the path without its trailing slash is a route of {@code method} itself
     * ({@code POST /v1/catalog/}, which Vert.x routes as {@code /v1/catalog}).
     */
    public String emptyParameter(HttpMethod method, String path) {
        boolean trailing = path.endsWith("/");
        if (trailing) {
            Set<HttpMethod> own = methodsByPath.get(path.substring(0, path.length() - 1));
            if (own != null && own.contains(method)) {
                return null;
            }
        }
        String[] segments = path.split("/", -1);
        for (String template : methodsByPath.keySet()) {
            String[] parts = template.split("/", -1);
            boolean fits = trailing ? parts.length >= segments.length : parts.length == segments.length;
            String name = fits ? emptyParameter(segments, parts) : null;
            if (name != null) {
                return name;
            }
        }
        return null;
    }

    // The first parameter of the template whose segment is empty, if every other segment fits.
    private static String emptyParameter(String[] segments, String[] template) {
        String name = null;
        for (int i = 0; i < segments.length; i++) {
            boolean parameter = template[i].startsWith(":");
            if (parameter && segments[i].isEmpty() && name == null) {
                name = template[i].substring(1);
            } else if (!parameter && !template[i].equals(segments[i])) {
                return null;
            }
        }
        return name;
    }

    private Route matching(HttpMethod method, String path) {
        Set<HttpMethod> methods = methodsByPath.computeIfAbsent(path, p -> new LinkedHashSet<>());
        methods.add(method);
        Route route = router.route(method, path);
        if (method == HttpMethod.GET) {
            methods.add(HttpMethod.HEAD);
            route.method(HttpMethod.HEAD);
        }
        return route;
    }

    // Fails rather than answers, so that a route's failure handler can count the refusal.
    private static void refuseUnreadableBody(RoutingContext ctx) {
        String coding = ctx.request().getHeader(HttpHeaders.CONTENT_ENCODING);
        if (coding != null && !coding.strip().equalsIgnoreCase("identity")) {
            // The API does not decompress: a gzip body would be read as broken JSON, and a plain
            // body labelled gzip taken as it is (RFC 9110, 8.4: a coding not understood is a 415).
            ctx.fail(415, new UnsupportedContentCodingException(coding));
        } else if (isForm(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            ctx.fail(415);
        } else {
            ctx.next();
        }
    }

    /** A body sent with a content coding other than {@code identity}, for {@link FailureHandler}'s 415. */
    static final class UnsupportedContentCodingException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnsupportedContentCodingException(String coding) {
            super(coding);
        }
    }

    /** Whether the body handler would decode a body of this type as a form (the test it makes). */
    static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        for (String form : FORM_TYPES) {
            if (type.startsWith(form)) {
                return true;
            }
        }
        return false;
    }
}
