package io.rapport.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks of option values that picocli's types cannot express (ranges, readable files, URLs). A
 * failed check is a {@link ParameterException} naming the option, so {@link RapportCli} says it in
 * one line, {@code rapport <command>: <message>}, and exits 2 before the command does anything.
 */
final class OptionChecks {
    private final CommandSpec spec;

    OptionChecks(CommandSpec spec) {
        this.spec = spec;
    }

    /** {@code value} when it lies from {@code min} to {@code max}. */
    int within(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw usage(option + " must be from " + min + " to " + max + ", was " + value);
        }
        return value;
    }

    /** {@code value} when it is at least {@code min}. */
    int atLeast(String option, int value, int min) {
        if (value < min) {
            throw usage(option + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    /** {@code value} when it is a finite number above zero. */
    double positive(String option, double value, String unit) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw usage(option + " must be a positive number of " + unit + ", was " + number(value));
        }
        return value;
    }

    /** {@code value} when it lies from {@code min} to {@code max} (NaN does not). */
    double within(String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw usage(option + " must be from " + number(min) + " to " + number(max) + ", was " + number(value));
        }
        return value;
    }

    /**
     * {@code file} when it can be read as a file. {@code option} names where it came from (a flag, or
     * null for the command's positional file); a missing, unreadable or directory path is a usage
     * error naming both, rather than an I/O failure half-way through the command.
     */
    Path readableFile(String option, Path file) {
        String where = option == null ? "" : option + ": ";
        if (!Files.exists(file)) {
            throw usage(where + "no such file: " + file);
        }
        if (Files.isDirectory(file)) {
            throw usage(where + file + " is a directory, not a file");
        }
        if (!Files.isReadable(file)) {
            throw usage(where + "cannot read " + file + ": permission denied");
        }
        return file;
    }

    /**
     * {@code url} when it is an API base URL, {@code http://host:port} (or https); anything else is a
     * usage error rather than an {@link IllegalArgumentException} from the HTTP client.
     */
    String apiUrl(String option, String url) {
        if (!isBaseUrl(url)) {
            throw usage(option + " must be the API's base URL, http://host:port (e.g. http://127.0.0.1:8080), was '"
                    + url + "'");
        }
        if (url.replaceAll("/+$", "").matches("(?i).*/v1(/.*)?")) {
            throw usage(option + " must be the API's base URL without /v1 (the routes add it), was '" + url + "'");
        }
        return url;
    }

    private static boolean isBaseUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return false;
        }
        boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
        return web && uri.getHost() != null && uri.getQuery() == null && uri.getFragment() == null;
    }

    /** A usage error of this command: exit 2 with {@code message}. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** 1 rather than 1.0, as a person would write it. */
    private static String number(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf((long) x) : String.valueOf(x);
    }
}
