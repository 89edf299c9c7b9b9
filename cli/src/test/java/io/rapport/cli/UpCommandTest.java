package io.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class UpCommandTest {
    private static UpCommand parsed(String... args) {
        UpCommand up = new UpCommand();
        new CommandLine(up).parseArgs(args);
        return up;
    }

    @Test
    void sessionGap_defaultsTo30Minutes() {
        assertThat(parsed().validSessionGap()).isEqualTo("30 min");
    }

    @Test
    void sessionGap_takesAFlinkDuration() {
        assertThat(parsed("--session-gap", "2 h").validSessionGap()).isEqualTo("2 h");
    }

    @Test
    void recentDays_defaultsTo30_andRefusesLessThanADay() {
        assertThat(parsed().validRecentDays()).isEqualTo(30);
        assertThat(parsed("--recent-days", "7").validRecentDays()).isEqualTo(7);
        assertThatThrownBy(() -> parsed("--recent-days", "0").validRecentDays())
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--recent-days");
    }

    @Test
    void sessionGap_refusesWhatIsNotAPositiveDuration() {
        assertThatThrownBy(() -> parsed("--session-gap", "soon").validSessionGap())
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--session-gap");
        assertThatThrownBy(() -> parsed("--session-gap", "0 min").validSessionGap())
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("must be positive");
    }

    @Test
    void portInUse_isAUsageErrorNamingTheOptionAndThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> parsed("--port", String.valueOf(port)).checkFree("--port", port))
                    .isInstanceOf(ParameterException.class)
                    .hasMessageStartingWith("--port: port " + port + " is in use");
        }
    }

    @Test
    void freePortOrZero_passes_andAPortOutOfRangeIsRefused() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        UpCommand up = parsed();
        up.checkFree("--port", port);
        up.checkFree("--kafka-port", 0);
        assertThatThrownBy(() -> up.checkFree("--port", 70_000))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("from 0 to 65535");
    }
}
