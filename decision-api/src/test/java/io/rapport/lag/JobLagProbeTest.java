package io.rapport.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobLagProbeTest {

    @Test
    void kafkaOutOfReach_makesTheLagsUnknown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort(); // free again once closed: nothing listens there
        }
        JobLagMonitor monitor = new JobLagMonitor(Map.of("copurchase", "rapport-copurchase"), JobLagSettings.DEFAULTS);
        monitor.report("copurchase", 5, 0);

        JobLagProbe probe = new JobLagProbe("127.0.0.1:" + closedPort, monitor);
        try {
            probe.measureOnce();
        } finally {
            probe.close();
        }

        assertThat(monitor.lag("copurchase")).isEqualTo(-1);
    }
}
