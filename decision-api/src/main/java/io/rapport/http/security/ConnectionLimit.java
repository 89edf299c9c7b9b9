package io.rapport.http.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the API's open connections, so that clients holding connections open cannot take every file
 * descriptor of the process: the API shares it with the embedded Kafka broker and Flink, and the broker
 * stops the whole process when it cannot open a log segment (a report-only audit held 19,700 idle
 * connections and the stack exited). A connection past the bound is closed as it is accepted and counted
 * ({@code rapport_http_connections_refused_total}); connections that send and receive nothing for
 * {@link #IDLE_TIMEOUT_SECONDS} are closed by the server ({@code HttpServerOptions#setIdleTimeout}).
 */
public final class ConnectionLimit {
    /** Seconds a connection may stay without reading or writing a byte. */
    public static final int IDLE_TIMEOUT_SECONDS = 60;
    /** The bound when the descriptor limit is unknown, and its ceiling. */
    static final int MOST = 10_000;
    /** The bound's floor, however low the descriptor limit. */
    static final int LEAST = 256;

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter refused;

    /** At most {@code max} open connections, counted in {@code registry}. */
    public ConnectionLimit(int max, MeterRegistry registry) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        this.max = max;
        this.refused = Counter.builder("rapport.http.connections.refused")
                .description("Connections closed as they were accepted, over the API's bound of open connections")
                .register(registry);
        Gauge.builder("rapport.http.connections.open", open, AtomicInteger::get)
                .description("Open connections to the API")
                .register(registry);
        Gauge.builder("rapport.http.connections.max", () -> this.max)
                .description(
                        "The API's bound of open connections (a quarter of the process's file descriptors, 256 to 10,000)")
                .register(registry);
    }

    /**
     * The server options this bound needs: the idle timeout, and no HTTP/2 over clear text. With h2c on,
     * Vert.x waits for a connection's first bytes (to tell an HTTP/2 preface from HTTP/1) before it makes
     * the connection and calls the connection handler, so connections that never send a byte were never
     * counted. The API speaks HTTP/1.1 only ({@link HttpVersionGuard}).
     */
    public static HttpServerOptions serverOptions() {
        return new HttpServerOptions()
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
    }

    /**
     * A quarter of the process's file descriptor limit, between {@value #LEAST} and {@value #MOST}: the rest
     * is for the broker's log segments, Flink's state and the clients of Kafka.
     */
    public static int defaultMax() {
        return forDescriptorLimit(descriptorLimit());
    }

    static int forDescriptorLimit(long descriptors) {
        if (descriptors <= 0) {
            return MOST;
        }
        return (int) Math.max(LEAST, Math.min(MOST, descriptors / 4));
    }

    private static long descriptorLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
    }

    /**
     * For {@code HttpServer#connectionHandler}: counts the connection and says true, or closes it past
     * the bound and says false.
     */
    public boolean accept(HttpConnection connection) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            refused.increment();
            connection.close();
            return false;
        }
        connection.closeHandler(v -> open.decrementAndGet());
        return true;
    }

    /** Connections open now. */
    public int open() {
        return open.get();
    }
}
