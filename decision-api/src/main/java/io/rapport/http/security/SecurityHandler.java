package io.rapport.http.security;

import io.rapport.http.Responses;
import io.rapport.http.WarmUp;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs ahead of every route: authenticates the caller by {@code Authorization: Bearer <key>} or
 * {@code X-API-Key: <key>} (401 without or with an unknown key), requires an admin key for every
 * change other than posting events (403 for a client key), then takes a token from the caller's
 * rate-limit bucket (429 with {@code Retry-After}). {@code /health/*} is always open and never
 * limited; {@code GET /dashboard} (and {@code HEAD}), a static page without data whose script asks
 * for a key and sends it with each of its requests, is open too; {@code /metrics} is open when {@link
 * SecurityConfig#publicMetrics()}. When no key is
 * configured every caller is an anonymous client-and-admin, limited per client address.
 */
public final class SecurityHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityHandler.class);
    /** The {@link ApiKeys.Caller} of the request, in the routing context. */
    public static final String CALLER = "rapport.caller";

    private static final String BEARER = "bearer ";

    private final SecurityConfig config;
    private final RateLimiter limiter;

    public SecurityHandler(SecurityConfig config, RateLimiter limiter) {
        this.config = config;
        this.limiter = limiter;
        if (config.keys().open()) {
            LOG.warn("No API keys configured (RAPPORT_CLIENT_KEYS, RAPPORT_ADMIN_KEYS, RAPPORT_API_KEYS_FILE): "
                    + "the API is open to anyone who can reach it, admin routes included");
        } else {
            LOG.info(
                    "API keys: {} configured; rate limit {} requests/s per key (burst {})",
                    config.keys().size(),
                    config.ratePerSecond(),
                    config.rateBurst());
        }
    }

    /**
     * The CORS handler for the configured origins, or null when none are. Health routes stay open to
     * any origin (as they are to any caller; CORS headers for the allowed ones, so that their pages can
     * read it); elsewhere a request from an origin not allowed is {@code 403 forbidden} naming {@code
     * Origin}; every answer varies by {@code Origin}.
     */
    public static Handler<RoutingContext> cors(SecurityConfig config) {
        CorsHandler cors = corsHandler(config);
        if (cors == null) {
            return null;
        }
        boolean anyOrigin = config.corsOrigins().contains("*");
        return ctx -> {
            ctx.response().putHeader("Vary", "Origin");
            String origin = ctx.request().getHeader("Origin");
            boolean allowed =
                    origin == null || anyOrigin || config.corsOrigins().stream().anyMatch(origin::equalsIgnoreCase);
            if (!allowed && isHealth(collapse(ctx.normalizedPath()))) {
                ctx.next(); // health answers any origin, without CORS headers for one not allowed
                return;
            }
            if (!allowed) {
                Responses.error(
                        ctx,
                        403,
                        "forbidden",
                        "Origin: not an origin allowed to call this API (RAPPORT_CORS_ORIGINS)",
                        "Origin");
                return;
            }
            cors.handle(ctx);
        };
    }

    private static CorsHandler corsHandler(SecurityConfig config) {
        if (config.corsOrigins().isEmpty()) {
            return null;
        }
        CorsHandler cors = CorsHandler.create()
                .allowedMethods(
                        Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE))
                .allowedHeaders(Set.of("Authorization", "X-API-Key", "Content-Type"))
                .exposedHeaders(Set.of("Retry-After"))
                .maxAgeSeconds(600);
        if (config.corsOrigins().contains("*")) {
            cors.addOrigin("*");
        } else {
            cors.addOrigins(config.corsOrigins());
        }
        return cors;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = collapse(ctx.normalizedPath());
        if (isHealth(path)) {
            ctx.next();
            return;
        }
        if (path.equals("/dashboard")
                && (ctx.request().method() == HttpMethod.GET || ctx.request().method() == HttpMethod.HEAD)) {
            ctx.next();
            return;
        }
        if (path.equals("/metrics") && config.publicMetrics()) {
            ctx.next();
            return;
        }
        if (WarmUp.isMarked(ctx)) {
            // the API's own warm-up (its token never leaves the process): reads only, neither keys nor rate
            ctx.put(CALLER, new ApiKeys.Caller(Role.CLIENT, "warm-up"));
            ctx.next();
            return;
        }
        ApiKeys.Caller caller;
        if (config.keys().open()) {
            caller = new ApiKeys.Caller(Role.ADMIN, "ip:" + address(ctx, config.trustedProxies()));
        } else {
            String presented = presentedKey(ctx);
            // a request without a valid key spends its address's bucket, so keys cannot be guessed at any rate
            String unauthenticated = "unauthenticated:" + address(ctx, config.trustedProxies());
            if (presented == null) {
                if (limited(ctx, unauthenticated)) {
                    return;
                }
                ctx.response().putHeader("WWW-Authenticate", "Bearer");
                Responses.error(
                        ctx,
                        401,
                        "unauthorized",
                        "Authorization: an API key is required (Authorization: Bearer <key> or X-API-Key)");
                return;
            }
            Optional<ApiKeys.Caller> known = config.keys().authenticate(presented);
            if (known.isEmpty()) {
                if (limited(ctx, unauthenticated)) {
                    return;
                }
                ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                Responses.error(ctx, 401, "unauthorized", "Authorization: the API key is not valid");
                return;
            }
            caller = known.get();
            if (caller.role() != Role.ADMIN && needsAdmin(ctx.request().method(), path)) {
                Responses.error(
                        ctx,
                        403,
                        "forbidden",
                        "Authorization: " + ctx.request().method() + " " + path + " needs an admin key");
                return;
            }
        }
        if (limited(ctx, caller.keyId())) {
            return;
        }
        ctx.put(CALLER, caller);
        ctx.next();
    }

    /** Takes a request from the bucket; answers 429 and says true when it is empty. */
    private boolean limited(RoutingContext ctx, String bucket) {
        long wait = limiter.acquire(bucket);
        if (wait <= 0) {
            return false;
        }
        ctx.response().putHeader("Retry-After", Long.toString(wait));
        Responses.error(
                ctx,
                429,
                "rate_limited",
                "rate: over " + config.ratePerSecond() + " requests per second for this caller; retry after " + wait
                        + " s");
        return true;
    }

    /**
     * Client keys may read (GET, HEAD) and post events; every other change (offers, campaigns,
     * catalogue, erase, and any future route) needs an admin key.
     */
    static boolean needsAdmin(HttpMethod method, String path) {
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
            return false;
        }
        return !(method == HttpMethod.POST && (path.equals("/v1/events") || path.equals("/v1/events/")));
    }

    private static String presentedKey(RoutingContext ctx) {
        String auth = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (auth != null
                && auth.length() > BEARER.length()
                && auth.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return auth.substring(BEARER.length()).strip();
        }
        String header = ctx.request().getHeader("X-API-Key");
        return header == null || header.isBlank() ? null : header.strip();
    }

    /** The client's address: the socket's peer, or what a trusted proxy forwarded for. */
    private static String address(RoutingContext ctx, TrustedProxies proxies) {
        SocketAddress remote = ctx.request().remoteAddress();
        String peer = remote == null ? "unknown" : remote.hostAddress();
        return proxies.isEmpty()
                ? peer
                : proxies.client(peer, ctx.request().headers().getAll("X-Forwarded-For"));
    }

    /** The health routes: open to any caller and any origin, never limited. */
    private static boolean isHealth(String collapsedPath) {
        return collapsedPath.startsWith("/health/");
    }

    /** The path with repeated slashes collapsed, so that {@code //health/x} is not mistaken for anything else. */
    private static String collapse(String path) {
        return path == null ? "" : path.replaceAll("/{2,}", "/");
    }
}
