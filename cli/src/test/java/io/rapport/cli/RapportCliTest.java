package io.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

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
        assertThat(err.toString())
                .isEqualTo("rapport evaluate: --train: no such file: " + missing + System.lineSeparator());
    }

    @Test
    void replayOfAMissingFile_saysWhichFile_andExits2() {
        Path missing = dir.resolve("events.jsonl");

        int code = run("replay", missing.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("rapport replay: no such file: " + missing)
                .doesNotContain("\tat ");
    }

    @Test
    void anUnknownCommand_orNone_isSaidPlainly_andPointsAtHelp() {
        assertThat(run("upp")).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("rapport: unknown command 'upp' (./rapport --help lists the commands)"
                        + System.lineSeparator());
        err.getBuffer().setLength(0);

        assertThat(run()).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo(
                        "rapport: a command is needed (./rapport --help lists the commands)" + System.lineSeparator());
    }

    /** A port nothing listens on (it was free a moment ago). */
    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    @Test
    void replayToAnApiThatIsNotRunning_saysSo_andExits1() throws Exception {
        Path events = dir.resolve("events.jsonl");
        Files.writeString(
                events,
                "{\"eventId\":\"e1\",\"type\":\"search\",\"customerId\":\"c1\","
                        + "\"timestamp\":1000,\"query\":\"milk\"}\n");
        int port = freePort();

        int code = run("replay", events.toString(), "--to", "http://127.0.0.1:" + port);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString())
                .contains("rapport replay: cannot connect to the API")
                .doesNotContain("\tat ");
    }

    private Path events() throws Exception {
        Path events = dir.resolve("events.jsonl");
        Files.writeString(
                events,
                "{\"eventId\":\"e1\",\"type\":\"search\",\"customerId\":\"c1\","
                        + "\"timestamp\":1000,\"query\":\"milk\"}\n");
        return events;
    }

    /** Exit 2 and exactly one line on stderr, {@code rapport <command>: ...} containing {@code said}. */
    private void refusedAsUsage(String said, String... args) {
        err.getBuffer().setLength(0);
        int code = run(args);

        assertThat(code).as(String.join(" ", args)).isEqualTo(2);
        assertThat(err.toString().lines())
                .as(String.join(" ", args))
                .singleElement()
                .asString()
                .startsWith("rapport " + args[0] + ": ")
                .contains(said);
    }

    @Test
    void replay_refusesARateThatIsNotAPositiveNumber() throws Exception {
        String file = events().toString();
        for (String bad : new String[] {"-5", "0", "NaN", "Infinity"}) {
            refusedAsUsage(
                    "--rate must be a positive number of events per second, was ", "replay", file, "--rate", bad);
        }
        refusedAsUsage("--rate", "replay", file, "--rate", "fast");
    }

    @Test
    void replay_refusesABatchOutside1To1000_withThePrefix() throws Exception {
        String file = events().toString();
        refusedAsUsage("--batch must be from 1 to 1000, was 0", "replay", file, "--batch", "0");
        refusedAsUsage("--batch must be from 1 to 1000, was 1001", "replay", file, "--batch", "1001");
        refusedAsUsage("'--batch': 'many'", "replay", file, "--batch", "many");
    }

    @Test
    void replay_refusesAMalformedTo_sayingWhatIsExpected() throws Exception {
        String file = events().toString();
        for (String bad : new String[] {"notaurl", "ftp://127.0.0.1:8080", "http://", "http://in valid:80"}) {
            refusedAsUsage(
                    "--to must be the API's base URL, http://host:port (e.g. http://127.0.0.1:8080), was '" + bad + "'",
                    "replay",
                    file,
                    "--to",
                    bad);
        }
    }

    @Test
    void replayOfADirectory_namesIt_andExits2() {
        refusedAsUsage(dir + " is a directory, not a file", "replay", dir.toString());
    }

    @Test
    void evaluateOfADirectory_namesTheFlagAndTheFile_andExits2() throws Exception {
        String file = events().toString();
        refusedAsUsage(
                "--train: " + dir + " is a directory, not a file",
                "evaluate",
                "--train",
                dir.toString(),
                "--test",
                file);
        refusedAsUsage(
                "--test: " + dir + " is a directory, not a file",
                "evaluate",
                "--train",
                file,
                "--test",
                dir.toString());
    }

    @Test
    void anUnreadableFile_namesTheFlagAndTheFile_andExits2() throws Exception {
        Path locked = events();
        Files.setPosixFilePermissions(locked, Set.of());
        assumeFalse(Files.isReadable(locked), "the file stays readable (running as root)");

        refusedAsUsage(
                "--train: cannot read " + locked + ": permission denied",
                "evaluate",
                "--train",
                locked.toString(),
                "--test",
                locked.toString());
        refusedAsUsage("cannot read " + locked + ": permission denied", "replay", locked.toString());
    }

    @Test
    void evaluate_refusesKOutside1To1000_withThePrefix() throws Exception {
        String file = events().toString();
        refusedAsUsage("--k must be from 1 to 1000, was 0", "evaluate", "--train", file, "--test", file, "--k", "0");
        refusedAsUsage(
                "--k must be from 1 to 1000, was 1001", "evaluate", "--train", file, "--test", file, "--k", "1001");
        refusedAsUsage("'--k': 'ten'", "evaluate", "--train", file, "--test", file, "--k", "ten");
        refusedAsUsage(
                "--view-weight must be from 0 to 1, was -1",
                "evaluate",
                "--train",
                file,
                "--test",
                file,
                "--view-weight",
                "-1");
        refusedAsUsage("--decay-half-life", "evaluate", "--train", file, "--test", file, "--decay-half-life", "soon");
    }

    @Test
    void movielensAndGroceries_refuseBadNumbers_withThePrefix() throws Exception {
        Path ratings = dir.resolve("u.data");
        Files.writeString(ratings, "1\t10\t5\t100\n");
        String file = ratings.toString();
        refusedAsUsage("--min-rating must be from 1 to 5, was 0", "movielens", file, "--min-rating", "0");
        refusedAsUsage("--min-rating must be from 1 to 5, was 6", "movielens", file, "--min-rating", "6");
        refusedAsUsage(
                "--test-share must be between 0 and 1",
                "movielens",
                file,
                "--split",
                "random",
                "--part",
                "train",
                "--test-share",
                "1.5");
        refusedAsUsage("'--seed': 'x'", "movielens", file, "--split", "random", "--part", "train", "--seed", "x");
        refusedAsUsage(
                "--items: no such file: " + dir.resolve("u.item"),
                "movielens",
                file,
                "--items",
                dir.resolve("u.item").toString());
        refusedAsUsage("'--seed': 'x'", "groceries", file, "--part", "train", "--seed", "x");
        refusedAsUsage("--part must be train or test, was 'all'", "groceries", file, "--part", "all");
        refusedAsUsage(dir + " is a directory, not a file", "groceries", dir.toString(), "--part", "train");
        refusedAsUsage(dir + " is a directory, not a file", "rees46", dir.toString());
        refusedAsUsage("--seed needs --split random", "movielens", file, "--seed", "5");
        refusedAsUsage("--test-share needs --split", "movielens", file, "--test-share", "0.5");
        refusedAsUsage(
                "--seed needs --split random",
                "movielens",
                file,
                "--split",
                "temporal",
                "--part",
                "test",
                "--seed",
                "5");
    }

    @Test
    void aFileWhoseContentIsRefused_isSaidWithoutAnExceptionName_andExits1() throws Exception {
        Path notRees = dir.resolve("groceries.csv");
        Files.writeString(notRees, "whole milk,butter\n");
        err.getBuffer().setLength(0);

        int code = run("rees46", notRees.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip())
                .startsWith("rapport rees46: " + notRees + ": the first line must be the header")
                .doesNotContain("Exception");
    }

    @Test
    void catalogToAnApiThatIsNotRunning_saysSo_andExits1() throws Exception {
        Path catalogue = dir.resolve("catalog.jsonl");
        Files.writeString(
                catalogue, "{\"itemId\":\"a\",\"name\":\"A\",\"category\":\"c\",\"price\":1," + "\"inStock\":true}\n");
        int port = freePort();

        int code = run("catalog", catalogue.toString(), "--to", "http://127.0.0.1:" + port);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .startsWith("rapport catalog: cannot connect to the API");
    }

    @Test
    void catalog_refusesAMalformedTo() throws Exception {
        refusedAsUsage(
                "--to must be the API's base URL, http://host:port", "catalog", events().toString(), "--to", "notaurl");
    }

    @Test
    void up_refusesBadNumbers_beforeStartingAnything() {
        refusedAsUsage("--port: must be a port from 0 to 65535, was 70000", "up", "--port", "70000");
        refusedAsUsage(
                "--kafka-port: must be a port from 0 to 65535, was -1", "up", "--port", "0", "--kafka-port", "-1");
        refusedAsUsage("'--port': 'http'", "up", "--port", "http");
        refusedAsUsage("--parallelism must be at least 1, was 0", "up", "--parallelism", "0");
        refusedAsUsage("--partitions must be at least 1, was -2", "up", "--partitions", "-2");
        refusedAsUsage("--recent-days must be at least 1, was 0", "up", "--recent-days", "0");
    }

    @Test
    void aRefusedValueFromAVariable_namesTheVariable_unlessTheOptionWasGiven() {
        CommandSpec up = RapportCli.commandLine().getSubcommands().get("up").getCommandSpec();
        Map<String, String> env = Map.of("RAPPORT_PORT", "99991", "RAPPORT_KAFKA_PORT", "9092");
        String port = "--port: must be a port from 0 to 65535, was 99991";

        assertThat(RapportCli.fromEnvironment(port, up, new String[] {"up"}, env::get))
                .isEqualTo(" (from RAPPORT_PORT)");
        assertThat(RapportCli.fromEnvironment(port, up, new String[] {"up", "--port", "99991"}, env::get))
                .isEmpty();
        assertThat(RapportCli.fromEnvironment(port, up, new String[] {"up", "--port=99991"}, env::get))
                .isEmpty();
        assertThat(RapportCli.fromEnvironment(port, up, new String[] {"up"}, Map.<String, String>of()::get))
                .as("the default, not a variable")
                .isEmpty();
        // the option named first is the one refused
        assertThat(RapportCli.fromEnvironment(
                        "--kafka-port: must differ from --port, both were 9092", up, new String[] {"up"}, env::get))
                .isEqualTo(" (from RAPPORT_KAFKA_PORT)");
        assertThat(RapportCli.fromEnvironment("Unknown option: '--fast'", up, new String[] {"up"}, env::get))
                .isEmpty();
    }

    @Test
    void up_refusesADataDirThatIsAFile_andOnePortForTwoUses() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        refusedAsUsage(
                "--data-dir: " + file.toAbsolutePath() + " is a file, not a directory",
                "up",
                "--data-dir",
                file.toString());
        refusedAsUsage("--data-dir: must not be empty", "up", "--data-dir", "");
        int free;
        try (ServerSocket probe = new ServerSocket(0)) {
            free = probe.getLocalPort();
        }
        String port = String.valueOf(free);
        refusedAsUsage(
                "--kafka-port: must differ from --port, both were " + free,
                "up",
                "--port",
                port,
                "--kafka-port",
                port,
                "--data-dir",
                dir.resolve("d").toString());
    }

    @Test
    void replay_refusesAToThatEndsInTheApisPrefix() throws Exception {
        refusedAsUsage(
                "--to must be the API's base URL without /v1 (the routes add it), was 'http://127.0.0.1:8080/v1'",
                "replay",
                events().toString(),
                "--to",
                "http://127.0.0.1:8080/v1");
    }

    @Test
    void anUnknownOption_saysWhereTheOptionsAreListed() {
        refusedAsUsage(
                "Unknown option: '--fast' (./rapport replay --help lists the options)",
                "replay",
                "events.jsonl",
                "--fast");
    }

    @Test
    void otherFailures_nameTheirKind() {
        assertThat(RapportCli.describe(new IllegalStateException("broker did not start")))
                .isEqualTo("IllegalStateException: broker did not start");
        assertThat(RapportCli.describe(new IllegalStateException(
                        "the decision API did not start",
                        new RuntimeException(new java.net.BindException("Address already in use")))))
                .isEqualTo("IllegalStateException: the decision API did not start "
                        + "(BindException: Address already in use)");
    }
}
