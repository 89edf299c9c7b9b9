package io.rapport.cli;

import io.rapport.sample.Rees46Clickstream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./rapport rees46 FILE.csv}: a REES46 clickstream CSV as events to replay. */
@Command(
        name = "rees46",
        mixinStandardHelpOptions = true,
        description = "Print a REES46 e-commerce clickstream CSV (views, carts, purchases) as events (JSON lines), "
                + "e.g. for ./rapport replay.")
final class Rees46Command implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "CSV",
            description = "event_time,event_type,product_id,... as in the REES46 data set")
    Path csv;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        new OptionChecks(spec).readableFile(null, csv);
        Rees46Clickstream.events(csv).forEach(System.out::println);
        return 0;
    }
}
