package io.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.rank.PersonalRecommender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./rapport evaluate}'s browsing flags and {@code ./rapport movielens --low-ratings}. */
class EvaluateCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final StringWriter picocliErrors = new StringWriter();
    private PrintStream originalErr;
    private PrintStream originalOut;

    @BeforeEach
    void capture() {
        originalErr = System.err;
        originalOut = System.out;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(originalErr);
        System.setOut(originalOut);
    }

    private int run(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setErr(new PrintWriter(picocliErrors, true));
        return cli.execute(args);
    }

    /** Through {@code ./rapport}'s own command line, so failures carry its {@code rapport evaluate:} prefix. */
    private int rapport(String... args) {
        CommandLine cli = RapportCli.commandLine();
        cli.setErr(new PrintWriter(picocliErrors, true));
        return cli.execute(args);
    }

    private String errors() {
        return stderr.toString(StandardCharsets.UTF_8) + picocliErrors;
    }

    private Path file(String name, String... lines) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, lines.length == 0 ? "" : String.join("\n", lines) + "\n");
        return file;
    }

    private static String purchase(String eventId, String customer, long timestamp, String... items) {
        StringBuilder bought = new StringBuilder();
        for (String item : items) {
            bought.append(bought.isEmpty() ? "" : ",")
                    .append("{\"itemId\":\"")
                    .append(item)
                    .append("\",\"price\":1,\"quantity\":1}");
        }
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"purchase\",\"customerId\":\"" + customer
                + "\",\"timestamp\":" + timestamp + ",\"orderId\":\"o-" + eventId + "\",\"items\":[" + bought + "]}";
    }

    /** Training: two baskets sharing an item, and a view. */
    private Path train() throws Exception {
        return file(
                "train.jsonl",
                purchase("e1", "c1", 1000, "a", "b"),
                purchase("e2", "c3", 1500, "a", "c"),
                "{\"eventId\":\"e3\",\"type\":\"view\",\"customerId\":\"c2\",\"timestamp\":2000,"
                        + "\"items\":[{\"itemId\":\"a\"}]}");
    }

    /** Test: a customer of the training buys an item new to them. */
    private Path test() throws Exception {
        return file("test.jsonl", purchase("t1", "c1", 3000, "c"));
    }

    private String[] evaluate(String... more) throws Exception {
        String[] args = new String[4 + more.length];
        args[0] = "--train";
        args[1] = train().toString();
        args[2] = "--test";
        args[3] = test().toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return args;
    }

    @Test
    void weightsDefaultToTheRecommendersDefaults() {
        EvaluateCommand command = new EvaluateCommand();
        new CommandLine(command).parseArgs("--train", "t", "--test", "t");

        assertThat(command.viewWeight).isEqualTo(PersonalRecommender.Settings.DEFAULTS.viewWeight());
        assertThat(command.cartWeight).isEqualTo(PersonalRecommender.Settings.DEFAULTS.cartWeight());
        assertThat(command.withoutBrowsed).isFalse();
    }

    @Test
    void viewWeight_outsideZeroToOne_isRefusedNamingTheFlag() throws Exception {
        for (String bad : new String[] {"1.5", "-0.1", "NaN"}) {
            stderr.reset();
            assertThat(run(new EvaluateCommand(), evaluate("--view-weight", bad)))
                    .as(bad)
                    .isEqualTo(2);
            assertThat(errors()).contains("--view-weight must be from 0 to 1");
        }
        assertThat(stdout.toString(StandardCharsets.UTF_8))
                .as("nothing evaluated")
                .isEmpty();
    }

    @Test
    void cartWeight_outsideZeroToOne_isRefusedNamingTheFlag() throws Exception {
        assertThat(run(new EvaluateCommand(), evaluate("--cart-weight", "2"))).isEqualTo(2);
        assertThat(errors()).contains("--cart-weight must be from 0 to 1");
    }

    @Test
    void aWeightThatIsNotANumber_isRefusedNamingTheFlag() throws Exception {
        assertThat(run(new EvaluateCommand(), evaluate("--view-weight", "much")))
                .isEqualTo(2);
        assertThat(errors()).contains("--view-weight").contains("much");
    }

    @Test
    void weightsFromZeroToOne_areAccepted() throws Exception {
        assertThat(run(
                        new EvaluateCommand(),
                        evaluate("--view-weight", "0", "--cart-weight", "1", "--json", "--without-browsed")))
                .isEqualTo(0);
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("\"rapport\"");
    }

    @Test
    void aTrainingLineThatIsNotUtf8_isSkippedWithItsNumber_andTheRestEvaluated() throws Exception {
        Path train = train();
        byte[] good = Files.readAllBytes(train);
        byte[] damaged = (purchase("e9", "c9", 1200, "a", "x") + "\n").getBytes(StandardCharsets.UTF_8);
        damaged[damaged.length - 10] = (byte) 0xff;
        Path mixed = dir.resolve("mixed.jsonl");
        Files.write(mixed, damaged);
        Files.write(mixed, good, StandardOpenOption.APPEND);

        assertThat(rapport("evaluate", "--train", mixed.toString(), "--test", test().toString(), "--json"))
                .isEqualTo(0);
        assertThat(errors())
                .contains(mixed + ":1: skipped, the line is not valid UTF-8")
                .contains(mixed + ": 1 invalid line skipped");
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("\"rapport\"");
    }

    @Test
    void anEmptyTestFile_isNothingToEvaluate_namingTheFile() throws Exception {
        Path empty = file("empty.jsonl");

        assertThat(rapport("evaluate", "--train", train().toString(), "--test", empty.toString()))
                .isEqualTo(2);
        assertThat(picocliErrors.toString())
                .isEqualTo("rapport evaluate: nothing to evaluate: --test " + empty + " holds no purchases"
                        + System.lineSeparator());
        assertThat(stdout.toString(StandardCharsets.UTF_8))
                .as("no table of zeros")
                .isEmpty();
    }

    @Test
    void aTestFileWithoutPurchases_isNothingToEvaluate() throws Exception {
        Path views = file(
                "views.jsonl",
                "{\"eventId\":\"v1\",\"type\":\"view\",\"customerId\":\"c1\","
                        + "\"timestamp\":3000,\"items\":[{\"itemId\":\"c\"}]}");

        assertThat(rapport("evaluate", "--train", train().toString(), "--test", views.toString()))
                .isEqualTo(2);
        assertThat(picocliErrors.toString()).contains("nothing to evaluate: --test " + views + " holds no purchases");
    }

    @Test
    void aTestFileWhoseCustomersBuyOnlyWhatTheyHad_isNothingToEvaluate() throws Exception {
        Path again = file("again.jsonl", purchase("t1", "c1", 3000, "a", "b"), purchase("t2", "c3", 3000, "c"));

        assertThat(rapport("evaluate", "--train", train().toString(), "--test", again.toString()))
                .isEqualTo(2);
        assertThat(picocliErrors.toString())
                .startsWith("rapport evaluate: nothing to evaluate: every purchase in " + "--test " + again
                        + " is of an item its customer already bought in --train");
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void anEmptyTrainFile_isNothingToEvaluate_namingTheFile() throws Exception {
        Path empty = file("empty.jsonl", "", "not an event");

        assertThat(rapport("evaluate", "--train", empty.toString(), "--test", test().toString()))
                .isEqualTo(2);
        assertThat(picocliErrors.toString())
                .isEqualTo("rapport evaluate: nothing to evaluate: --train " + empty + " holds no valid events"
                        + System.lineSeparator());
    }

    @Test
    void aTestCustomerWithANewItem_isEvaluated() throws Exception {
        assertThat(rapport("evaluate", "--train", train().toString(), "--test", test().toString(), "--json"))
                .isEqualTo(0);
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("\"customers\":1");
    }

    @Test
    void lowRatings_takesDropViewOrCart_andRefusesAnythingElse() throws Exception {
        Path ratings = dir.resolve("u.data");
        Files.writeString(ratings, "1\t10\t5\t100\n1\t11\t2\t200\n1\t12\t3\t300\n");

        assertThat(run(new MovieLensCommand(), ratings.toString(), "--low-ratings", "keep"))
                .isEqualTo(2);
        assertThat(errors()).contains("--low-ratings must be drop, view or cart");
        assertThat(run(new MovieLensCommand(), ratings.toString())).isEqualTo(0);
        assertThat(stdout.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
        stdout.reset();
        assertThat(run(new MovieLensCommand(), ratings.toString(), "--low-ratings", "view"))
                .isEqualTo(0);
        assertThat(stdout.toString(StandardCharsets.UTF_8).lines())
                .hasSize(3)
                .filteredOn(l -> l.contains("\"type\":\"view\""))
                .hasSize(2);
        stdout.reset();
        assertThat(run(new MovieLensCommand(), ratings.toString(), "--low-ratings", "cart"))
                .isEqualTo(0);
        assertThat(stdout.toString(StandardCharsets.UTF_8).lines())
                .hasSize(3)
                .satisfiesExactly(
                        l -> assertThat(l).contains("\"type\":\"purchase\""),
                        l -> assertThat(l).contains("\"type\":\"view\""),
                        l -> assertThat(l).contains("\"type\":\"add_to_cart\""));
    }
}
