package io.rapport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.kafka.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Posts JSON-lines events to {@code POST /v1/events} in batches, with a progress bar and a summary.
 *
 * <p>A batch is all-or-nothing on the server, so when one is refused (400) its events are posted
 * one by one: only the bad ones are lost, each with the server's reason. A batch the server cannot
 * take right now (429, 503) is retried after {@code Retry-After}, and one it did not answer (a refused
 * connection, a timeout) after a short pause, for up to {@link #DEFAULT_PATIENCE} in all, so that a
 * replay rides through a restart of the API; a batch too large (413) is split.
 * A refused event is reported by its line number in the file and its {@code eventId}.
 */
public final class EventReplayer {
    /**
     * How long one batch is retried while the API does not take it (connection refused, no answer,
     * 503, 429) before the replay stops: long enough to ride through a restart of the embedded stack.
     */
    static final Duration DEFAULT_PATIENCE = Duration.ofMinutes(2);
    /** How long the first batch is retried while no connection to the API succeeds. */
    static final Duration FIRST_CONTACT = Duration.ofSeconds(10);

    private static final int MAX_REPORTED_ERRORS = 5;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final String apiKey;
    private final int batchSize;
    private final double ratePerSecond;
    private final PrintStream progress;
    private final Duration patience;
    /** Whether the API has answered any request of this replay. */
    private boolean answered;

    private long sent;
    private long accepted;
    private long refused;
    private int requests;
    /** The lines of the file being replayed. */
    private int lineCount;
    /** The first line whose batch is not answered yet; 0 once every batch is. */
    private int unansweredFrom;
    /** The refusals of the first lines in the file (at most {@link #MAX_REPORTED_ERRORS}), by line number. */
    private final TreeMap<Integer, String> errors = new TreeMap<>();
    /** The numbers of the lines that are not UTF-8, refused as the file is read. */
    private final List<Integer> unreadableLines = new ArrayList<>();

    /**
     * @param baseUrl the API, e.g. {@code http://127.0.0.1:8080}
     * @param ratePerSecond events per second at most; 0 for as fast as the server takes them
     * @param progress where the progress bar goes (stderr), or null for none
     */
    public EventReplayer(String baseUrl, int batchSize, double ratePerSecond, PrintStream progress) {
        this(baseUrl, null, batchSize, ratePerSecond, progress);
    }

    /**
     * @param apiKey sent as a bearer token when the API runs with keys; null or blank for none
     */
    public EventReplayer(String baseUrl, String apiKey, int batchSize, double ratePerSecond, PrintStream progress) {
        this(baseUrl, apiKey, batchSize, ratePerSecond, progress, DEFAULT_PATIENCE);
    }

    /** @param patience how long a batch is retried while the API does not take it */
    EventReplayer(
            String baseUrl,
            String apiKey,
            int batchSize,
            double ratePerSecond,
            PrintStream progress,
            Duration patience) {
        this.patience = patience;
        this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/events");
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        this.batchSize = batchSize;
        this.ratePerSecond = ratePerSecond;
        this.progress = progress;
    }

    /** What a replay did. */
    public record Summary(long sent, long accepted, long refused, int requests, Duration took, List<String> errors) {
        public String line() {
            double secs = Math.max(took.toMillis(), 1) / 1000.0;
            return String.format(
                    Locale.ROOT,
                    "replayed %,d events in %.1f s (%s events/s): %,d accepted, %,d refused, %,d requests",
                    sent,
                    secs,
                    rate(sent / secs),
                    accepted,
                    refused,
                    requests);
        }
    }

    /**
     * Posts the lines of a JSON-lines file, one event a line; blank lines are skipped but counted, so
     * a refused event is reported with its line number in the file. A null line is one that could not
     * be read as UTF-8 ({@link JsonLines#read}): it is refused and reported, and the others go on.
     */
    public Summary replay(List<String> lines) throws InterruptedException {
        List<Line> events = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i) == null) {
                sent++;
                refused++;
                unreadableLines.add(i + 1);
                report(i + 1, "line " + (i + 1) + ": is not valid UTF-8");
            } else if (!lines.get(i).isBlank()) {
                events.add(new Line(i + 1, lines.get(i)));
            }
        }
        long start = System.nanoTime();
        long unreadable = sent; // refused above, counted in sent and in the bar's total
        lineCount = lines.size();
        for (int from = 0; from < events.size(); from += batchSize) {
            List<Line> batch = events.subList(from, Math.min(events.size(), from + batchSize));
            unansweredFrom = batch.get(0).number();
            try {
                postBatch(batch);
            } catch (RuntimeException e) {
                if (progress != null) {
                    progress.println(); // the bar's line ends, so that the reason starts on its own
                }
                throw e;
            }
            sent += batch.size();
            pace(start);
            draw(events.size() + unreadable, start);
        }
        unansweredFrom = 0;
        if (progress != null) {
            progress.println();
        }
        return new Summary(
                sent,
                accepted,
                refused,
                requests,
                Duration.ofNanos(System.nanoTime() - start),
                List.copyOf(errors.values()));
    }

    /**
     * After {@link #replay} stopped on an error (the API went away, or answered what a replay cannot
     * go on from): what it had done, one line; null when nothing stopped it. The batch in flight may
     * or may not have been written, so the whole file may be posted again: every event counts once.
     */
    public String stopped() {
        if (unansweredFrom == 0) {
            return null;
        }
        // lines that are not UTF-8 are refused as the file is read, wherever they are in it
        long refusedAfter =
                unreadableLines.stream().filter(n -> n > unansweredFrom).count();
        return String.format(
                Locale.ROOT,
                "stopped at line %,d of %,d: %,d events accepted and %,d refused before it; from there on"
                        + " nothing was confirmed (posting the whole file again counts every event once)",
                unansweredFrom,
                lineCount,
                accepted,
                refused - refusedAfter);
    }

    /** An event as it stands in the file, and its line number there (from 1). */
    private record Line(int number, String json) {}

    private void postBatch(List<Line> batch) throws InterruptedException {
        // One event goes as it stands in the file, so that the API's refusal speaks of that line
        // alone (a cut-off line wrapped in [ ] was refused for a ']' it does not hold); a line that
        // is itself an array stays wrapped, an element that is not an event.
        boolean alone = batch.size() == 1 && !batch.get(0).json().stripLeading().startsWith("[");
        HttpResponse<String> response = post(
                alone
                        ? batch.get(0).json()
                        : "[" + String.join(",", batch.stream().map(Line::json).toList()) + "]");
        switch (response.statusCode()) {
            case 202 -> accepted += batch.size();
            case 413 -> {
                if (batch.size() == 1) {
                    refuse(batch.get(0), response);
                } else {
                    postBatch(batch.subList(0, batch.size() / 2));
                    postBatch(batch.subList(batch.size() / 2, batch.size()));
                }
            }
            case 400 -> {
                if (batch.size() == 1) {
                    refuse(batch.get(0), response);
                } else {
                    for (Line event : batch) {
                        postBatch(List.of(event));
                    }
                }
            }
            default -> throw new ApiRefusalException(response.statusCode(), response.body());
        }
    }

    private void refuse(Line event, HttpResponse<String> response) {
        refused++;
        report(event.number(), refusal(event.number(), event.json(), response.body()));
    }

    /**
     * Keeps the refusal if it is among the first {@link #MAX_REPORTED_ERRORS} lines refused: unreadable
     * lines are found before anything is posted, so the report is put in file order here.
     */
    private void report(int lineNumber, String refusal) {
        errors.put(lineNumber, refusal);
        if (errors.size() > MAX_REPORTED_ERRORS) {
            errors.pollLastEntry();
        }
    }

    /**
     * {@code line 12 (eventId e-7): timestamp: is required}: where the refused event is in the file,
     * and the API's reason. The event went alone, so the reason's {@code events[0].} says nothing
     * and is left out.
     */
    private static String refusal(int lineNumber, String line, String answer) {
        String eventId = textField(line, "eventId");
        String where = "line " + lineNumber + (eventId == null ? "" : " (eventId " + eventId + ")");
        String reason = errorMessage(answer).replaceFirst("^events\\[0]\\.", "");
        return where + ": " + reason;
    }

    /** The API's {@code error.message}, or the whole answer when it has none. */
    private static String errorMessage(String answer) {
        try {
            JsonNode message = Json.mapper().readTree(answer).path("error").path("message");
            return message.isTextual() ? message.asText() : answer;
        } catch (IOException e) {
            return answer;
        }
    }

    /** A top-level text field of a JSON object, or null when the line is not one or lacks it. */
    private static String textField(String json, String name) {
        try {
            JsonNode value = Json.mapper().readTree(json).path(name);
            return value.isTextual() ? value.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private HttpResponse<String> post(String body) throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        HttpRequest request = builder.build();
        // an API never reached in this replay (not running, a wrong --to) is said soon, as a refused
        // connection; one that answered before is waited for (a restart)
        long deadline = System.nanoTime()
                + (answered ? patience.toNanos() : Math.min(FIRST_CONTACT.toNanos(), patience.toNanos()));
        IOException failure = null;
        for (int attempt = 1; ; attempt++) {
            long waitMillis;
            String answer;
            try {
                requests++;
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                answered = true;
                if (response.statusCode() != 429 && response.statusCode() != 503) {
                    return response;
                }
                failure = null;
                answer = "answered " + response.statusCode();
                long retryAfter =
                        response.headers().firstValueAsLong("Retry-After").orElse(1);
                waitMillis = Math.max(100, Math.min(retryAfter, 30) * 1000);
            } catch (IOException e) {
                failure = e;
                answer = describe(e);
                waitMillis = Math.min(250L * attempt, 2_000);
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0 && !answered) { // every attempt failed to connect
                throw new IllegalStateException("could not reach " + endpoint, failure); // "cannot connect"
            }
            if (left <= 0) {
                throw new ApiGoneException(
                        "the API took no events for " + patience.toSeconds() + " s (" + endpoint + " last " + answer
                                + ")",
                        failure);
            }
            if (attempt == 1 && progress != null && failure != null) {
                // Said once a batch: a 503 or 429 is the API's own back-pressure, its Retry-After obeyed.
                progress.printf("%nthe API %s; retrying for up to %d s%n", answer, patience.toSeconds());
            }
            Thread.sleep(Math.min(waitMillis, left));
        }
    }

    /** What went wrong with a request, as a person says it. */
    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "refused the connection";
        }
        if (e instanceof HttpTimeoutException) {
            return "did not answer within 30 s";
        }
        return "failed: " + e;
    }

    private void pace(long startNanos) throws InterruptedException {
        if (ratePerSecond <= 0) {
            return;
        }
        long due = startNanos + (long) (sent / ratePerSecond * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** Events per second as people read them: a slow replay (--rate 0.5) says 0.5, not 0. */
    static String rate(double perSecond) {
        return perSecond < 10
                ? String.format(Locale.ROOT, "%.1f", perSecond)
                : String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    private void draw(long total, long startNanos) {
        if (progress == null) {
            return;
        }
        int width = 30;
        int done = (int) Math.min(width, width * sent / Math.max(total, 1));
        double secs = Math.max(System.nanoTime() - startNanos, 1) / 1e9;
        progress.printf(
                Locale.ROOT,
                "\r[%s%s] %3d%% %,d/%,d events %s/s",
                "#".repeat(done),
                ".".repeat(width - done),
                100 * sent / Math.max(total, 1),
                sent,
                total,
                rate(sent / secs));
        progress.flush();
    }
}
