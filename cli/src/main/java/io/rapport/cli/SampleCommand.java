package io.rapport.cli;

import io.rapport.sample.GroceriesSample;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./rapport sample}: prints the bundled sample as JSON lines, e.g. to replay it elsewhere. */
@Command(
        name = "sample",
        mixinStandardHelpOptions = true,
        description = "Print the bundled Groceries sample as purchase events (JSON lines) ending now.")
final class SampleCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        GroceriesSample.events(Instant.now()).forEach(System.out::println);
        return 0;
    }
}
