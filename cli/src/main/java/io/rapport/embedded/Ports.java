package io.rapport.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds TCP ports on the loopback interface. */
public final class Ports {
    private Ports() {}

    /** A port that was free a moment ago (another process may still take it). */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code preferred} when nothing listens on it, else a free port. */
    public static int preferredOrFree(int preferred) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), preferred));
            return preferred;
        } catch (IOException e) {
            return free();
        }
    }
}
