package io.rapport.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./rapport}: the command line of PRODUCT.md ("Command line"). */
@Command(name = "rapport", mixinStandardHelpOptions = true, version = "rapport 0.1.0",
        description = "Real-time personalisation and recommendation service for retailers.",
        subcommands = {UpCommand.class, ReplayCommand.class, EvaluateCommand.class, SampleCommand.class,
            MovieLensCommand.class, GroceriesCommand.class, Rees46Command.class, CatalogCommand.class})
public final class RapportCli {
    public static void main(String[] args) {
        System.exit(new CommandLine(new RapportCli()).execute(args));
    }
}
