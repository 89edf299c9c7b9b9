package io.rapport.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds TCP ports on the loopback interface.
 *
 * <p>A free port is taken below the range the kernel hands out to outgoing connections ({@code
 * net.ipv4.ip_local_port_range}, 32768–60999 by default): a port from that range, free when asked, can
 * become the local end of any new connection on the machine before the caller binds it. That happened
 * to the embedded broker's controller port on a busy machine, and Kafka halts the process when its
 * controller cannot bind.
 */
public final class Ports {
    /** The lowest port {@link #free()} tries: above the usual fixed service ports. */
    static final int LOWEST = 15000;

    private static final int TRIES = 100;

    private Ports() {}

    /** A port that was free a moment ago, outside the kernel's range for outgoing connections when it can be. */
    public static int free() {
        int end = Math.min(ephemeralStart(Path.of("/proc/sys/net/ipv4/ip_local_port_range")), 65536);
        if (end - LOWEST >= 1000) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < TRIES; i++) {
                int port = LOWEST + random.nextInt(end - LOWEST);
                if (bindable(port)) {
                    return port;
                }
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code preferred} when nothing listens on it, else a free port. */
    public static int preferredOrFree(int preferred) {
        return bindable(preferred) ? preferred : free();
    }

    /**
     * The first port of the kernel's range for outgoing connections, read from {@code rangeFile}
     * ("32768\t60999"); Linux's default 32768 when the file is missing or unreadable.
     */
    static int ephemeralStart(Path rangeFile) {
        // a line read, not readString: procfs reports size 0, and readString then gave only the first byte
        try (BufferedReader in = Files.newBufferedReader(rangeFile)) {
            return Integer.parseInt(in.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
