package io.rapport.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortsTest {
    @Test
    void freePorts_areBindable_andBelowTheKernelsRangeForOutgoingConnections() throws IOException {
        int start = Ports.ephemeralStart(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
        for (int i = 0; i < 20; i++) {
            int port = Ports.free();
            assertThat(port).isBetween(Ports.LOWEST, start - 1);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(s.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void aPreferredPortInUse_givesAnotherFreePort() throws IOException {
        try (ServerSocket taken = new ServerSocket(Ports.free(), 1, InetAddress.getLoopbackAddress())) {
            int port = Ports.preferredOrFree(taken.getLocalPort());
            assertThat(port).isNotEqualTo(taken.getLocalPort());
            assertThat(Ports.preferredOrFree(port))
                    .as("a free preferred port is kept")
                    .isEqualTo(port);
        }
    }

    @Test
    void theKernelsRange_isReadFromItsFile_withLinuxsDefaultWhenUnreadable(@TempDir Path dir) throws IOException {
        Path range = dir.resolve("ip_local_port_range");
        Files.writeString(range, "40000\t60999\n");
        assertThat(Ports.ephemeralStart(range)).isEqualTo(40000);
        assertThat(Ports.ephemeralStart(dir.resolve("missing"))).isEqualTo(32768);
        Files.writeString(range, "garbage");
        assertThat(Ports.ephemeralStart(range)).isEqualTo(32768);
    }
}
