package io.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rapport.jobs.copurchase.CoPurchaseJob;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.util.ParameterTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    void jobOptions_carryTheDocumentedBoundsByDefault_andEachFlagSetsItsOwn() {
        assertThat(parsed().jobOptions())
                .containsEntry("pair-items", "200")
                .doesNotContainKey("bought-items") // the job's default: 1,000, or a larger --pair-items
                .containsEntry("viewed-items", "500")
                .containsEntry("neighbours", "100")
                .containsEntry("session-items", "50")
                .containsEntry("sessions-per-customer", "50")
                .containsEntry("recent-days", "30")
                .containsEntry("session-gap", "30 min");
        assertThat(parsed(
                                "--pair-items", "20",
                                "--bought-items", "30",
                                "--viewed-items", "40",
                                "--neighbours", "5",
                                "--session-items", "6",
                                "--sessions-per-customer", "7")
                        .jobOptions())
                .containsEntry("pair-items", "20")
                .containsEntry("bought-items", "30")
                .containsEntry("viewed-items", "40")
                .containsEntry("neighbours", "5")
                .containsEntry("session-items", "6")
                .containsEntry("sessions-per-customer", "7");
    }

    @Test
    void aPairCapAboveTheBoughtDefault_raisesTheBoughtCapWithIt_unlessOneIsGiven() {
        assertThat(CoPurchaseJob.settings(ParameterTool.fromMap(parsed().jobOptions()))
                        .maxBoughtItemsPerCustomer())
                .isEqualTo(1000);
        assertThat(CoPurchaseJob.settings(ParameterTool.fromMap(
                                parsed("--pair-items", "1500").jobOptions()))
                        .maxBoughtItemsPerCustomer())
                .isEqualTo(1500);
    }

    @Test
    void jobOptions_refuseABadBound_namingItsOption() {
        assertThatThrownBy(() -> parsed("--neighbours", "0").jobOptions())
                .isInstanceOf(ParameterException.class)
                .hasMessage("--neighbours must be a whole number from 1 to 1000000, not '0'");
        assertThatThrownBy(() ->
                        parsed("--pair-items", "300", "--bought-items", "200").jobOptions())
                .isInstanceOf(ParameterException.class)
                .hasMessage("--bought-items must be at least --pair-items (300), was 200");
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
    void theApisVariables_areCheckedBeforeAnythingStarts_namingTheVariable() {
        UpCommand up = parsed();
        up.checkEnvironment(Map.of("RAPPORT_CLIENT_KEYS", "client-key-0123456789", "RAPPORT_RATE_LIMIT", "50"));
        Map<String, String> said = Map.of(
                "RAPPORT_RATE_LIMIT", "abc",
                "RAPPORT_RATE_BURST", "-1",
                "RAPPORT_JOB_LAG_RECORDS", "x",
                "RAPPORT_JOB_LAG_SECONDS", "-5",
                "RAPPORT_PUBLIC_METRICS", "maybe",
                "RAPPORT_API_KEYS_FILE", "/nonexistent/keys",
                "RAPPORT_MAX_ATTRIBUTES", "0",
                "RAPPORT_CONTACTS_PER_DAY", "three",
                "RAPPORT_CONTACTS_PER_WEEK", "-1");
        said.forEach((name, value) -> assertThatThrownBy(() -> up.checkEnvironment(Map.of(name, value)))
                .as(name)
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining(name));
        assertThatThrownBy(() -> up.checkEnvironment(Map.of("RAPPORT_CLIENT_KEYS", "short")))
                .isInstanceOf(ParameterException.class)
                .hasMessage("RAPPORT_CLIENT_KEYS: a client API key must be 16–256 printable ASCII characters without"
                        + " spaces");
        assertThatThrownBy(() -> up.checkEnvironment(Map.of("RAPPORT_ADMIN_KEYS", "admin-key-0123456789ab,x y")))
                .isInstanceOf(ParameterException.class)
                .hasMessageStartingWith("RAPPORT_ADMIN_KEYS: an admin API key must be");
    }

    @Test
    void aDataDirectoryInUse_isAUsageErrorNamingIt_andFreeAgainOnceReleased(@TempDir Path dir) throws Exception {
        UpCommand up = parsed();
        try (FileChannel held = up.lockDataDir(dir)) {
            assertThatThrownBy(() -> up.lockDataDir(dir))
                    .isInstanceOf(ParameterException.class)
                    .hasMessage("--data-dir: " + dir + " is in use by another ./rapport up; stop it or choose another"
                            + " directory");
        }
        try (FileChannel again = up.lockDataDir(dir)) {
            assertThat(again.isOpen()).isTrue();
        }
    }

    @Test
    void aDataDirectoryThatCannotBeUsed_isSaidInWords_withoutAnExceptionsClassName(@TempDir Path dir) throws Exception {
        UpCommand up = parsed();
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> up.lockDataDir(file))
                .isInstanceOf(ParameterException.class)
                .hasMessage("--data-dir: cannot use " + file + " (" + file + " exists and is not a directory)");
        assertThat(UpCommand.plainly(new java.nio.file.NoSuchFileException("/proc/1/rapport.lock")))
                .isEqualTo("cannot create or open: /proc/1/rapport.lock");
        assertThat(UpCommand.plainly(new java.nio.file.AccessDeniedException("/srv/x")))
                .isEqualTo("permission denied: /srv/x");
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
