package io.rapport.cli;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code ./rapport}: the command line of PRODUCT.md ("Command line"). */
@Command(
        name = "rapport",
        mixinStandardHelpOptions = true,
        version = "rapport 0.1.0",
        description = "Real-time personalisation and recommendation service for retailers.",
        footer = {
            "",
            "The ./rapport script also takes:",
            "  --config FILE   before the command: RAPPORT_* settings from FILE",
            "  config          print the RAPPORT_* settings in effect (keys hidden)",
            "  test            run the test suite (./mvnw -B verify)",
            "  bench [quick|full]  run the benchmarks into benchmarks/RESULTS.md"
        },
        subcommands = {
            UpCommand.class,
            ReplayCommand.class,
            EvaluateCommand.class,
            SampleCommand.class,
            MovieLensCommand.class,
            GroceriesCommand.class,
            Rees46Command.class,
            CatalogCommand.class
        })
public final class RapportCli {
    /** Exit code of a command that failed on its input (a bad option, a missing or unreadable file). */
    static final int BAD_INPUT = 2;
    /** Exit code of a command that failed for another reason (e.g. the API could not be reached). */
    static final int FAILED = 1;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line, with failures said in one line naming the command and the cause instead of
     * a stack trace ({@code RAPPORT_DEBUG=1} prints the trace too); usage errors (a bad option value,
     * including those the commands find themselves) likewise, instead of the usage help.
     */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new RapportCli());
        cli.registerConverter(int.class, number(Integer::valueOf, "a whole number"));
        cli.registerConverter(Integer.class, number(Integer::valueOf, "a whole number"));
        cli.registerConverter(long.class, number(Long::valueOf, "a whole number"));
        cli.registerConverter(double.class, number(Double::valueOf, "a number"));
        cli.registerConverter(Double.class, number(Double::valueOf, "a number"));
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            command.getErr()
                    .println(command.getCommandSpec().qualifiedName() + ": " + said(e)
                            + fromEnvironment(e.getMessage(), command.getCommandSpec(), args, System::getenv)
                            + helpHint(e, command));
            command.getErr().flush();
            return BAD_INPUT;
        });
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

    /** Numbers with a message for people ("'x' is not a whole number" rather than "not an int"). */
    private static <T> ITypeConverter<T> number(Function<String, T> parse, String kind) {
        return value -> {
            try {
                return parse.apply(value);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not " + kind);
            }
        };
    }

    /**
     * " (from RAPPORT_PORT)" when the option a refusal names first was not on the command line and
     * its value came from its variable (set in the environment or by {@code --config FILE}), so that
     * the refusal points at where the value was written; else "".
     */
    static String fromEnvironment(
            String message, CommandSpec spec, String[] args, Function<String, String> environment) {
        OptionSpec named = null;
        int first = Integer.MAX_VALUE;
        for (OptionSpec option : spec.options()) {
            for (String name : option.names()) {
                int at = message.indexOf(name);
                if (at >= 0 && at < first) {
                    first = at;
                    named = option;
                }
            }
        }
        String declared = named == null || !(named.userObject() instanceof Field field)
                ? null
                : field.getAnnotation(Option.class).defaultValue(); // before interpolation
        if (declared == null || !declared.startsWith("${env:")) {
            return "";
        }
        for (String name : named.names()) {
            for (String arg : args) {
                if (arg.equals(name) || arg.startsWith(name + "=")) {
                    return ""; // given on the command line
                }
            }
        }
        String variable = declared.substring("${env:".length()).split("[:}]", 2)[0];
        return environment.apply(variable) == null ? "" : " (from " + variable + ")";
    }

    /**
     * The refusal in a person's words where picocli's are about its parsing: an unknown command
     * ("Unmatched argument at index 0") and none at all ("Missing required subcommand"). The commands are
     * left to {@code --help}: the script adds its own ({@code config}, {@code test}, {@code bench}).
     */
    static String said(ParameterException e) {
        CommandLine command = e.getCommandLine();
        if (command.getParent() != null || command.getSubcommands().isEmpty()) {
            return e.getMessage();
        }
        if (e instanceof UnmatchedArgumentException u
                && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            return "unknown command '" + u.getUnmatched().get(0) + "'";
        }
        if (String.valueOf(e.getMessage()).startsWith("Missing required subcommand")) {
            return "a command is needed";
        }
        return e.getMessage();
    }

    /** Where to look when the command line itself is wrong rather than one value in it. */
    private static String helpHint(ParameterException e, CommandLine command) {
        boolean shape = e instanceof UnmatchedArgumentException
                || e instanceof MissingParameterException
                || String.valueOf(e.getMessage()).startsWith("Missing required subcommand");
        if (!shape) {
            return "";
        }
        String help = command.getCommandSpec().qualifiedName().replaceFirst("^rapport", "./rapport") + " --help";
        return command.getParent() == null ? " (" + help + " lists the commands)" : " (" + help + " lists the options)";
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
        if (cause instanceof ApiRefusalException || cause instanceof ApiGoneException) {
            return cause.getMessage();
        }
        Throwable root = cause;
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
                return "cannot connect to the API (" + (t.getMessage() == null ? "connection refused" : t.getMessage())
                        + "); is it running, and is --to (or RAPPORT_URL) right?";
            }
            root = t;
        }
        if (cause instanceof IllegalArgumentException && root == cause && cause.getMessage() != null) {
            return cause.getMessage(); // our refusals of a file's content are written for people
        }
        String said = kindAndMessage(cause);
        return root == cause ? said : said + " (" + kindAndMessage(root) + ")";
    }

    private static String kindAndMessage(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static boolean badInput(Throwable e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        return cause instanceof NoSuchFileException
                || cause instanceof AccessDeniedException
                || cause instanceof FileNotFoundException;
    }
}
