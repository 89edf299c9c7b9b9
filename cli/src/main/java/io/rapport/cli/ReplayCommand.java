package io.rapport.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./rapport replay FILE.jsonl}: posts events to a running API. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Post events from a JSON-lines file in batches, with a progress bar and a summary.")
final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "one event object per line")
    Path file;

    @Option(names = "--to", defaultValue = "${env:RAPPORT_URL:-http://127.0.0.1:8080}",
            description = "API base URL (default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--rate", defaultValue = "0", description = "events per second at most; 0 = unlimited")
    double rate;

    @Option(names = "--batch", defaultValue = "500", description = "events per request, 1-1000 (default ${DEFAULT-VALUE})")
    int batch;

    @Override
    public Integer call() throws Exception {
        if (batch < 1 || batch > 1000) {
            System.err.println("--batch must be from 1 to 1000");
            return 2;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .toList();
        EventReplayer.Summary summary = new EventReplayer(url, batch, rate, System.err).replay(lines);
        System.out.println(summary.line());
        summary.errors().forEach(e -> System.out.println("refused: " + e));
        return summary.refused() == 0 ? 0 : 1;
    }
}
