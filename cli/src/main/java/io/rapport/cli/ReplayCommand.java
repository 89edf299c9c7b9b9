package io.rapport.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./rapport replay FILE.jsonl}: posts events to a running API. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = "Post events from a JSON-lines file in batches, with a progress bar and a summary.")
final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "one event object per line")
    Path file;

    @Option(
            names = "--to",
            defaultValue = "${env:RAPPORT_URL:-http://127.0.0.1:8080}",
            description = "API base URL, http://host:port or https://host:port (default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--rate", description = "events per second at most, a positive number (default: no limit)")
    Double rate;

    @Option(
            names = "--key",
            defaultValue = "${env:RAPPORT_API_KEY}",
            description = "client or admin key, sent as a bearer token, when the API runs with keys "
                    + "(default: $RAPPORT_API_KEY)")
    String key;

    @Option(
            names = "--batch",
            defaultValue = "500",
            description = "events per request, 1-1000 (default ${DEFAULT-VALUE})")
    int batch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionChecks check = new OptionChecks(spec);
        check.within("--batch", batch, 1, 1000);
        double perSecond = rate == null ? 0 : check.positive("--rate", rate, "events per second");
        check.apiUrl("--to", url);
        check.readableFile(null, file);
        EventReplayer replayer = new EventReplayer(url, key, batch, perSecond, System.err);
        EventReplayer.Summary summary;
        try {
            summary = replayer.replay(JsonLines.read(file));
        } catch (RuntimeException e) {
            if (replayer.stopped() != null) {
                System.out.println(replayer.stopped()); // then the reason, as every command says it
            }
            throw e;
        }
        System.out.println(summary.line());
        summary.errors().forEach(e -> System.out.println("refused: " + e));
        return summary.refused() == 0 ? 0 : 1;
    }
}
