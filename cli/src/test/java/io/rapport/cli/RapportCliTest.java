package io.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Failures of {@code ./rapport} commands are one line naming the command and the cause, not a trace. */
class RapportCliTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = RapportCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void evaluateOfAMissingFile_saysWhichFile_andExits2() {
        Path missing = dir.resolve("nope.jsonl");

        int code = run("evaluate", "--train", missing.toString(), "--test", missing.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("rapport evaluate: no such file: " + missing + System.lineSeparator());
    }

    @Test
    void replayOfAMissingFile_saysWhichFile_andExits2() {
        Path missing = dir.resolve("events.jsonl");

        int code = run("replay", missing.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("rapport replay: no such file: " + missing).doesNotContain("\tat ");
    }

    @Test
    void replayToAnApiThatIsNotRunning_saysSo_andExits1() throws Exception {
        Path events = dir.resolve("events.jsonl");
        Files.writeString(events, "{\"eventId\":\"e1\",\"type\":\"search\",\"customerId\":\"c1\","
                + "\"timestamp\":1000,\"query\":\"milk\"}\n");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }

        int code = run("replay", events.toString(), "--to", "http://127.0.0.1:" + port);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("rapport replay: cannot connect to the API").doesNotContain("\tat ");
    }

    @Test
    void otherFailures_nameTheirKind() {
        assertThat(RapportCli.describe(new IllegalStateException("broker did not start")))
                .isEqualTo("IllegalStateException: broker did not start");
        assertThat(RapportCli.describe(new IllegalStateException("the decision API did not start",
                        new RuntimeException(new java.net.BindException("Address already in use")))))
                .isEqualTo("IllegalStateException: the decision API did not start "
                        + "(BindException: Address already in use)");
    }
}
