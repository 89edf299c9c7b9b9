package io.rapport.http.security;

import io.vertx.ext.web.handler.CorsHandler;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who may call the API and how often.
 *
 * @param keys the API keys; none = open (anonymous callers are clients)
 * @param ratePerSecond requests per second a caller's bucket regains (≤ 0 = no limit); a caller is
 *     an API key, or the client address when the API is open
 * @param rateBurst the bucket's size: requests a caller may make at once
 * @param corsOrigins origins allowed to call the API from a browser ({@code *} = any); empty = no
 *     CORS headers (same origin only)
 * @param publicMetrics whether {@code /metrics} is served without a key (for a Prometheus that
 *     cannot send one); {@code /health/*} always are
 * @param trustedProxies the proxies whose {@code X-Forwarded-For} names the client address an
 *     anonymous caller is limited by (none by default)
 */
public record SecurityConfig(
        ApiKeys keys,
        double ratePerSecond,
        double rateBurst,
        List<String> corsOrigins,
        boolean publicMetrics,
        TrustedProxies trustedProxies) {
    public static final double DEFAULT_RATE_PER_SECOND = 1_000;
    public static final double DEFAULT_BURST_FACTOR = 2;

    /** No keys, no rate limit, no CORS: in-process use and tests. */
    public static final SecurityConfig OPEN = new SecurityConfig(ApiKeys.none(), 0, 1, List.of(), true);

    /** Trusting no proxy. */
    public SecurityConfig(
            ApiKeys keys, double ratePerSecond, double rateBurst, List<String> corsOrigins, boolean publicMetrics) {
        this(keys, ratePerSecond, rateBurst, corsOrigins, publicMetrics, TrustedProxies.NONE);
    }

    public SecurityConfig {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        corsOrigins = List.copyOf(corsOrigins);
        if (!(rateBurst >= 1) || Double.isNaN(ratePerSecond) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate limit must be finite and the burst at least 1");
        }
    }

    /**
     * From the environment: keys as {@link ApiKeys#load}; {@code RAPPORT_RATE_LIMIT} (requests per
     * second per caller, default 1,000, 0 = off), {@code RAPPORT_RATE_BURST} (default twice the
     * limit), {@code RAPPORT_CORS_ORIGINS} (comma-separated, default none), {@code
     * RAPPORT_PUBLIC_METRICS} ({@code true} to serve {@code /metrics} without a key; default false
     * when keys are configured), {@code RAPPORT_TRUSTED_PROXIES} ({@link TrustedProxies}; default
     * none).
     */
    public static SecurityConfig fromEnvironment(Map<String, String> env) {
        ApiKeys keys = ApiKeys.load(env);
        double rate = number(env, "RAPPORT_RATE_LIMIT", DEFAULT_RATE_PER_SECOND, 0);
        double burst = number(env, "RAPPORT_RATE_BURST", Math.max(1, rate * DEFAULT_BURST_FACTOR), 1);
        List<String> origins = env.getOrDefault("RAPPORT_CORS_ORIGINS", "").isBlank()
                ? List.of()
                : List.of(env.get("RAPPORT_CORS_ORIGINS").split(",")).stream()
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList();
        for (String origin : origins) {
            checkOrigin(origin);
        }
        String metrics = env.getOrDefault("RAPPORT_PUBLIC_METRICS", "").strip();
        if (!metrics.isEmpty() && !metrics.equalsIgnoreCase("true") && !metrics.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("RAPPORT_PUBLIC_METRICS: must be true or false, not " + metrics);
        }
        boolean publicMetrics = Boolean.parseBoolean(metrics);
        TrustedProxies proxies;
        try {
            proxies = TrustedProxies.parse(env.getOrDefault("RAPPORT_TRUSTED_PROXIES", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("RAPPORT_TRUSTED_PROXIES: " + e.getMessage(), e);
        }
        return new SecurityConfig(keys, rate, burst, origins, publicMetrics, proxies);
    }

    /** An origin as the CORS handler takes it (checked by the handler itself), or {@code *}. */
    private static void checkOrigin(String origin) {
        if (origin.equals("*")) {
            return;
        }
        try {
            CorsHandler.create().addOrigin(origin);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("RAPPORT_CORS_ORIGINS: '" + origin
                    + "' is not an origin: expected scheme://host[:port], e.g. https://shop.example, or *");
        }
    }

    private static double number(Map<String, String> env, String name, double defaultValue, double min) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            double d = Double.parseDouble(value.strip());
            if (d < min || Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": must be a number ≥ " + (int) min + ", not " + value);
        }
    }

    public SecurityConfig withKeys(ApiKeys value) {
        return new SecurityConfig(value, ratePerSecond, rateBurst, corsOrigins, publicMetrics, trustedProxies);
    }

    public SecurityConfig withRateLimit(double perSecond, double burst) {
        return new SecurityConfig(keys, perSecond, burst, corsOrigins, publicMetrics, trustedProxies);
    }

    public SecurityConfig withCorsOrigins(List<String> value) {
        return new SecurityConfig(keys, ratePerSecond, rateBurst, value, publicMetrics, trustedProxies);
    }

    public SecurityConfig withPublicMetrics(boolean value) {
        return new SecurityConfig(keys, ratePerSecond, rateBurst, corsOrigins, value, trustedProxies);
    }

    public SecurityConfig withTrustedProxies(TrustedProxies value) {
        return new SecurityConfig(keys, ratePerSecond, rateBurst, corsOrigins, publicMetrics, value);
    }
}
