package io.rapport.cli;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./rapport}: the command line of PRODUCT.md ("Command line"). */
@Command(name = "rapport", mixinStandardHelpOptions = true, version = "rapport 0.1.0",
        description = "Real-time personalisation and recommendation service for retailers.",
        subcommands = {UpCommand.class, ReplayCommand.class, EvaluateCommand.class, SampleCommand.class,
            MovieLensCommand.class, GroceriesCommand.class, Rees46Command.class, CatalogCommand.class})
public final class RapportCli {
    /** Exit code of a command that failed on its input (a missing or unreadable file). */
    static final int BAD_INPUT = 2;
    /** Exit code of a command that failed for another reason (e.g. the API could not be reached). */
    static final int FAILED = 1;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line, with failures said in one line naming the command and the cause instead of
     * a stack trace ({@code RAPPORT_DEBUG=1} prints the trace too).
     */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new RapportCli());
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("rapport " + command.getCommandName() + ": " + describe(e));
            if (System.getenv("RAPPORT_DEBUG") != null) {
                e.printStackTrace(command.getErr());
            }
            command.getErr().flush();
            return badInput(e) ? BAD_INPUT : FAILED;
        });
        return cli;
    }

    /** One line a person can act on. */
    static String describe(Throwable e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (cause instanceof NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        if (cause instanceof AccessDeniedException a) {
            return "cannot read " + a.getFile() + ": permission denied";
        }
        if (cause instanceof FileNotFoundException f) {
            return "cannot read " + f.getMessage();
        }
        Throwable root = cause;
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
                return "cannot connect to the API (" + (t.getMessage() == null ? "connection refused"
                        : t.getMessage()) + "); is it running, and is --to (or RAPPORT_URL) right?";
            }
            root = t;
        }
        String said = kindAndMessage(cause);
        return root == cause ? said : said + " (" + kindAndMessage(root) + ")";
    }

    private static String kindAndMessage(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static boolean badInput(Throwable e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        return cause instanceof NoSuchFileException || cause instanceof AccessDeniedException
                || cause instanceof FileNotFoundException;
    }
}
