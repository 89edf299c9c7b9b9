package io.rapport.cli;

import io.rapport.sample.GroceriesSplit;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./rapport groceries groceries.csv --part train|test}: a leave-one-item-out split for evaluate. */
@Command(
        name = "groceries",
        mixinStandardHelpOptions = true,
        description = "Print a leave-one-item-out split of the Groceries baskets (groceries.csv) as purchase "
                + "events (JSON lines): one item of each basket of two or more is the test part.")
final class GroceriesCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BASKETS", description = "groceries.csv: one basket a line, items by commas")
    Path baskets;

    @Option(names = "--part", required = true, description = "train or test")
    String part;

    @Option(names = "--seed", defaultValue = "1", description = "seeds the held-out items (default ${DEFAULT-VALUE})")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionChecks check = new OptionChecks(spec);
        if (!"train".equals(part) && !"test".equals(part)) {
            throw check.usage("--part must be train or test, was '" + part + "'");
        }
        check.readableFile(null, baskets);
        GroceriesSplit.events(baskets, "test".equals(part), seed).forEach(System.out::println);
        return 0;
    }
}
