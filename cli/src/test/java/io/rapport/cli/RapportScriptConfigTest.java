package io.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./rapport} script's optional configuration file ({@code --config FILE} or {@code
 * RAPPORT_CONFIG}), seen through {@code ./rapport config}, which prints the settings in effect and
 * needs no build.
 */
class RapportScriptConfigTest {
    private static final Path SCRIPT = Path.of("../rapport").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString());
        pb.command().addAll(java.util.List.of(args));
        pb.environment().keySet().removeIf(name -> name.startsWith("RAPPORT_"));
        pb.environment().putAll(env);
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("rapport.env"), text, StandardCharsets.UTF_8);
    }

    @Test
    void theFileSetsWhatTheEnvironmentDoesNot_andHidesKeys() throws Exception {
        Path config = file("""
                # limits for a small shop
                RAPPORT_MAX_BATCH_EVENTS=10
                export RAPPORT_RANKING="cosine"
                  RAPPORT_PORT = 9000\s\s
                RAPPORT_ADMIN_KEYS='admin-key-0123456789ab'

                """);

        Run run = run(Map.of("RAPPORT_RANKING", "lift"), "--config", config.toString(), "config");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines())
                .containsExactly(
                        "RAPPORT_ADMIN_KEYS=(set, not shown)",
                        "RAPPORT_MAX_BATCH_EVENTS=10",
                        "RAPPORT_PORT=9000",
                        "RAPPORT_RANKING=lift");
    }

    @Test
    void rapportConfigNamesTheFileToo() throws Exception {
        Path config = file("RAPPORT_MAX_PRICE=5000\n");

        Run run = run(Map.of("RAPPORT_CONFIG", config.toString()), "config");

        assertThat(run.out().lines()).contains("RAPPORT_MAX_PRICE=5000");
    }

    @Test
    void aLineThatIsNoSetting_orAMissingFile_isRefusedWithExit2() throws Exception {
        Path config = file("RAPPORT_PORT=9000\nport: 9000\n");

        Run bad = run(Map.of(), "--config", config.toString(), "config");
        Run missing = run(Map.of(), "--config", dir.resolve("none.env").toString(), "config");

        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains(config + ":2: expected RAPPORT_NAME=value");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--config: cannot read");
    }

    @Test
    void benchTakesQuickOrFullOnly_andATypoIsExit2BeforeAnythingIsBuiltOrRun() throws Exception {
        Run typo = run(Map.of(), "bench", "qiuck");
        Run help = run(Map.of(), "bench", "--help");
        Run two = run(Map.of(), "bench", "quick", "full");

        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).contains("unknown mode 'qiuck': use quick or full");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("./rapport bench [quick|full]");
        assertThat(two.exit()).isEqualTo(2);
    }

    @Test
    void configHelp_isHelp_notTheSettings() throws Exception {
        Run help = run(Map.of("RAPPORT_MAX_PRICE", "5000"), "config", "--help");

        assertThat(help.exit()).isZero();
        assertThat(help.out())
                .contains("usage: ./rapport [--config FILE] config")
                .doesNotContain("RAPPORT_MAX_PRICE");
    }

    @Test
    void aMisspeltSetting_isRefusedInTheFile_andMarkedInTheEnvironment() throws Exception {
        Path config = file("RAPPORT_PORT=9000\nRAPPORT_MAX_QUERY_LIMIT2=5\n");

        Run inFile = run(Map.of(), "--config", config.toString(), "config");
        Run inEnvironment = run(Map.of("RAPPORT_RANKNG", "cosine", "RAPPORT_RANKING", "lift"), "config");
        Run badVariable = run(Map.of("RAPPORT_CONFIG", dir.resolve("none.env").toString()), "config");

        assertThat(inFile.exit()).isEqualTo(2);
        assertThat(inFile.err()).contains(config + ":2: unknown setting RAPPORT_MAX_QUERY_LIMIT2");
        assertThat(inEnvironment.exit()).isZero();
        assertThat(inEnvironment.out().lines())
                .containsExactly("RAPPORT_RANKING=lift", "RAPPORT_RANKNG=cosine   # unknown setting: nothing reads it");
        assertThat(badVariable.err()).contains("rapport: RAPPORT_CONFIG: cannot read");
    }

    @Test
    void aSettingGivenTwiceInTheFile_isRefusedWithExit2_namingBothLines() throws Exception {
        Path config = file("RAPPORT_RANKING=cosine\n# an override appended later\nRAPPORT_RANKING=lift\n");

        Run twice = run(Map.of(), "--config", config.toString(), "config");

        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err()).contains(config + ":3: RAPPORT_RANKING is set twice (first on line 1)");
        assertThat(twice.out()).isEmpty();
    }

    @Test
    void theScriptsListOfSettings_isEveryRapportVariableTheSourcesRead() throws Exception {
        java.util.Set<String> read = new java.util.TreeSet<>();
        java.util.regex.Pattern name =
                java.util.regex.Pattern.compile("(?<![A-Z0-9_])(RAPPORT_[A-Z0-9_]*[A-Z0-9])(?![A-Z0-9_])");
        for (String module : java.util.List.of("cli", "decision-api", "common", "stream-jobs")) {
            try (var files = Files.walk(SCRIPT.getParent().resolve(module).resolve("src/main/java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    java.util.regex.Matcher m = name.matcher(Files.readString(f));
                    while (m.find()) {
                        read.add(m.group(1));
                    }
                }
            }
        }
        String script = Files.readString(SCRIPT);
        String list =
                script.substring(script.indexOf("known=\""), script.indexOf("\"", script.indexOf("known=\"") + 7));
        java.util.Set<String> known = new java.util.TreeSet<>(
                java.util.List.of(list.substring(7).trim().split("\\s+")));

        read.addAll(java.util.List.of("RAPPORT_CONFIG", "RAPPORT_JAVA_OPTS")); // read by the script itself

        assertThat(read).as("settings read by the sources").contains("RAPPORT_PORT", "RAPPORT_MAX_PRICE");
        assertThat(known).containsExactlyInAnyOrderElementsOf(read);
    }

    @Test
    void anEmptySetting_isAnUnsetOne_whereverItComesFrom() throws Exception {
        Path config = file("RAPPORT_SESSION_GAP=\nRAPPORT_MAX_PRICE=5000\n");

        Run run = run(
                Map.of("RAPPORT_RECENT_DAYS", "", "RAPPORT_RANKING", "lift"), "--config", config.toString(), "config");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly("RAPPORT_MAX_PRICE=5000", "RAPPORT_RANKING=lift");
    }

    @Test
    void noSettingInEffect_saysEveryDefaultApplies_ratherThanPrintingNothing() throws Exception {
        Run none = run(Map.of("RAPPORT_RANKING", ""), "config");

        assertThat(none.exit()).as(none.err()).isZero();
        assertThat(none.out().lines())
                .containsExactly("# no RAPPORT_* setting in effect: every setting has its documented default"
                        + " (README.md, \"Command line\")");
    }
}
