package io.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replayer against a small scripted HTTP server that behaves like the API's ingestion. */
class EventReplayerTest {
    private HttpServer server;
    private final List<String> acceptedBodies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger busyAnswers = new AtomicInteger();
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startServer() throws IOException {
        startServerOn(0);
    }

    private void startServerOn(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/v1/events", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            int status;
            String answer;
            if (busyAnswers.getAndDecrement() > 0) {
                status = 503;
                answer = "{\"error\":{\"code\":\"unavailable\",\"message\":\"try later\"}}";
                exchange.getResponseHeaders().add("Retry-After", "0");
            } else if (body.contains("\"bad\"")) {
                status = 400;
                answer = "{\"error\":{\"code\":\"invalid_event\",\"message\":\"events[0].customerId: is required\"}}";
            } else {
                status = 202;
                answer = "{\"accepted\":1}";
                acceptedBodies.add(body);
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static List<String> events(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> "{\"eventId\":\"e-" + i + "\"}")
                .toList();
    }

    @Test
    void theSummarysRate_keepsADecimalBelowTenEventsASecond() {
        assertThat(new EventReplayer.Summary(4, 4, 0, 4, java.time.Duration.ofSeconds(8), java.util.List.of()).line())
                .isEqualTo("replayed 4 events in 8.0 s (0.5 events/s): 4 accepted, 0 refused, 4 requests");
        assertThat(new EventReplayer.Summary(2_000, 2_000, 0, 4, java.time.Duration.ofSeconds(8), java.util.List.of())
                        .line())
                .contains("(250 events/s)");
    }

    @Test
    void shouldPostInBatchesAndSummarise() throws Exception {
        EventReplayer.Summary s = new EventReplayer(url(), 10, 0, null).replay(events(25));
        assertThat(s.sent()).isEqualTo(25);
        assertThat(s.accepted()).isEqualTo(25);
        assertThat(s.refused()).isZero();
        assertThat(acceptedBodies).hasSize(3);
        assertThat(s.line()).contains("25 events").contains("25 accepted").contains("0 refused");
    }

    @Test
    void shouldLoseOnlyTheBadEventOfARefusedBatch() throws Exception {
        List<String> lines = new ArrayList<>(events(9));
        lines.add(4, "{\"eventId\":\"bad\"}");
        EventReplayer.Summary s = new EventReplayer(url(), 10, 0, null).replay(lines);
        assertThat(s.accepted()).isEqualTo(9);
        assertThat(s.refused()).isEqualTo(1);
        assertThat(s.errors()).singleElement().asString().contains("customerId");
    }

    @Test
    void theEventsOfARefusedBatch_goAgainOneByOne_asTheyStandInTheFile() throws Exception {
        List<String> lines = List.of("{\"eventId\":\"e-0\"}", "{\"eventId\":\"bad\"}", "{\"eventId\":\"e-2\"}");

        new EventReplayer(url(), 10, 0, null).replay(lines);

        assertThat(acceptedBodies).containsExactly("{\"eventId\":\"e-0\"}", "{\"eventId\":\"e-2\"}");
    }

    @Test
    void refusedEvent_isReportedByItsLineInTheFileAndItsEventId() throws Exception {
        List<String> lines = List.of(
                "{\"eventId\":\"e-1\"}",
                "",
                "{\"eventId\":\"e-2\"}",
                "  ",
                "{\"eventId\":\"bad\"}",
                "{\"kind\":\"bad\"}",
                "{\"eventId\":\"e-3\"}");

        EventReplayer.Summary s = new EventReplayer(url(), 10, 0, null).replay(lines);

        assertThat(s.sent()).as("blank lines are not events").isEqualTo(5);
        assertThat(s.accepted()).isEqualTo(3);
        assertThat(s.errors())
                .containsExactly("line 5 (eventId bad): customerId: is required", "line 6: customerId: is required");
    }

    @Test
    void aKey_isSentAsABearerToken_andNoneWithoutOne() throws Exception {
        new EventReplayer(url(), "client-key-0123456789", 10, 0, null).replay(events(2));
        new EventReplayer(url(), 10, 0, null).replay(events(2));
        assertThat(authorizations).containsExactly("Bearer client-key-0123456789", "null");
    }

    @Test
    void aLineThatIsNotUtf8_isRefusedByItsNumber_andTheOthersGo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jsonl");
        byte[] bad = {'{', (byte) 0xFF, (byte) 0xFE, '}'};
        try (var out = Files.newOutputStream(file)) {
            out.write("{\"eventId\":\"e-1\"}\r\n".getBytes(StandardCharsets.UTF_8));
            out.write(bad);
            out.write("\n{\"eventId\":\"e-2\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        List<String> lines = JsonLines.read(file);
        assertThat(lines).containsExactly("{\"eventId\":\"e-1\"}", null, "{\"eventId\":\"e-2\"}");

        EventReplayer.Summary s = new EventReplayer(url(), 10, 0, null).replay(lines);

        assertThat(s.accepted()).isEqualTo(2);
        assertThat(s.refused()).isEqualTo(1);
        assertThat(s.errors()).containsExactly("line 2: is not valid UTF-8");
    }

    @Test
    void refusals_areReportedInFileOrder_theFirstFiveLines() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("{\"eventId\":\"bad\"}"); // refused by the API, after the unreadable lines were found
        for (int i = 0; i < 6; i++) {
            lines.add(null); // not UTF-8
        }
        EventReplayer.Summary s = new EventReplayer(url(), 10, 0, null).replay(lines);

        assertThat(s.refused()).isEqualTo(7);
        assertThat(s.errors()).hasSize(5).first().asString().startsWith("line 1 (eventId bad): ");
        assertThat(s.errors().get(4)).isEqualTo("line 5: is not valid UTF-8");
    }

    @Test
    void aByteOrderMarkOpeningTheFile_isSkipped_andOnlyThere(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("excel.jsonl");
        Files.write(
                file, "\uFEFF{\"eventId\":\"e-1\"}\n\uFEFF{\"eventId\":\"e-2\"}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(JsonLines.read(file)).containsExactly("{\"eventId\":\"e-1\"}", "\uFEFF{\"eventId\":\"e-2\"}");
        Path onlyTheMark = dir.resolve("empty.jsonl");
        Files.write(onlyTheMark, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        assertThat(JsonLines.read(onlyTheMark)).isEmpty();
    }

    @Test
    void unreadableLines_countInTheProgressBarsTotal_whichNeverRunsPastItsEnd() throws Exception {
        // the bar once divided by the readable lines only: with a tenth unreadable it overflowed and threw
        List<String> lines = new java.util.ArrayList<>(events(9));
        lines.add(2, null);
        var bar = new java.io.ByteArrayOutputStream();

        EventReplayer.Summary s = new EventReplayer(
                        url(), 10, 0, new java.io.PrintStream(bar, true, StandardCharsets.UTF_8))
                .replay(lines);

        assertThat(s.sent()).isEqualTo(10);
        assertThat(s.accepted()).isEqualTo(9);
        assertThat(s.refused()).isEqualTo(1);
        assertThat(bar.toString(StandardCharsets.UTF_8)).contains("100% 10/10 events");
    }

    @Test
    void aRefusalItCannotGoOnFrom_isOneLineWithAHintForAKey() {
        server.removeContext("/v1/events");
        server.createContext("/v1/events", exchange -> {
            byte[] answer = "{\"error\":{\"code\":\"unauthorized\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
                () -> new EventReplayer(url(), 10, 0, null).replay(events(1)));

        assertThat(RapportCli.describe(refused))
                .isEqualTo("the API answered 401: {\"error\":{\"code\":\"unauthorized\"}}"
                        + " (give a key: --key or RAPPORT_API_KEY)");
    }

    /** Answers each POST /v1/events with the status {@code status} gives its body, and an empty JSON object. */
    private void answerEvents(java.util.function.ToIntFunction<String> status) {
        server.removeContext("/v1/events");
        server.createContext("/v1/events", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.applyAsInt(body), answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
    }

    @Test
    void anApiThatStopsAnswering_endsTheReplayWithWhatItHadConfirmed() {
        EventReplayer replayer = new EventReplayer(url(), 3, 0, null);
        List<String> lines = new ArrayList<>(events(10));
        lines.add(1, "{\"eventId\":\"bad\"}"); // refused alone after its batch was: it is line 2
        AtomicInteger calls = new AtomicInteger();
        answerEvents(body -> {
            int call = calls.incrementAndGet();
            return body.contains("\"bad\"") ? 400 : call <= 5 ? 202 : 401;
        });

        Throwable stopped = org.assertj.core.api.Assertions.catchThrowable(() -> replayer.replay(lines));

        assertThat(stopped).isInstanceOf(ApiRefusalException.class);
        // batch 1 (lines 1-3): 400, then 1 → 202, 2 → 400, 3 → 202; batch 2 (lines 4-6): 202; batch 3: 401
        assertThat(replayer.stopped())
                .isEqualTo("stopped at line 7 of 11: 5 events accepted and 1 refused before it; from there on"
                        + " nothing was confirmed (posting the whole file again counts every event once)");
    }

    @Test
    void aStoppedReplay_countsAsRefusedBeforeIt_onlyTheUnreadableLinesBeforeIt() {
        EventReplayer replayer = new EventReplayer(url(), 3, 0, null);
        List<String> lines = new ArrayList<>(events(6));
        lines.add(1, null); // line 2: not UTF-8
        lines.add(null); // line 8: not UTF-8, after the stop
        AtomicInteger calls = new AtomicInteger();
        answerEvents(body -> calls.incrementAndGet() == 1 ? 202 : 401);

        Throwable stopped = org.assertj.core.api.Assertions.catchThrowable(() -> replayer.replay(lines));

        assertThat(stopped).isInstanceOf(ApiRefusalException.class);
        // batch 1: lines 1, 3, 4 → 202; batch 2 (lines 5-7): 401
        assertThat(replayer.stopped())
                .isEqualTo("stopped at line 5 of 8: 3 events accepted and 1 refused before it; from there on"
                        + " nothing was confirmed (posting the whole file again counts every event once)");
    }

    @Test
    void aReplayThatEnds_saysNothingStoppedIt() throws Exception {
        EventReplayer replayer = new EventReplayer(url(), 3, 0, null);
        replayer.replay(events(4));
        assertThat(replayer.stopped()).isNull();
    }

    @Test
    void shouldRetryWhenTheServerIsBusy() throws Exception {
        busyAnswers.set(2);
        EventReplayer.Summary s = new EventReplayer(url(), 10, 0, null).replay(events(5));
        assertThat(s.accepted()).isEqualTo(5);
        assertThat(s.requests()).isEqualTo(3);
    }

    @Test
    void anApiThatRestarts_isWaitedForAndTheReplayGoesOn() throws Exception {
        int port = server.getAddress().getPort();
        server.stop(0); // the port refuses connections, as during a restart of the stack
        Thread restart = new Thread(() -> {
            try {
                Thread.sleep(1_500);
                startServerOn(port);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        restart.start();
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        EventReplayer replayer = new EventReplayer(
                "http://127.0.0.1:" + port, null, 10, 0, new PrintStream(said, true, StandardCharsets.UTF_8));

        EventReplayer.Summary s = replayer.replay(events(5));
        restart.join();

        assertThat(s.accepted()).isEqualTo(5);
        assertThat(acceptedBodies).hasSize(1);
        assertThat(said.toString(StandardCharsets.UTF_8))
                .contains("the API refused the connection; retrying for up to 120 s");
    }

    @Test
    void anApiThatStopsTakingEvents_stopsTheReplayOnceItsPatienceIsSpent() {
        server.removeContext("/v1/events");
        AtomicInteger calls = new AtomicInteger();
        server.createContext("/v1/events", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean first = calls.incrementAndGet() == 1; // then unavailable for good
            byte[] answer = (first ? "{\"accepted\":5}" : "{}").getBytes(StandardCharsets.UTF_8);
            if (!first) {
                exchange.getResponseHeaders().add("Retry-After", "0");
            }
            exchange.sendResponseHeaders(first ? 202 : 503, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        EventReplayer replayer = new EventReplayer(url(), null, 5, 0, null, java.time.Duration.ofSeconds(1));

        Throwable stopped = org.assertj.core.api.Assertions.catchThrowable(() -> replayer.replay(events(10)));

        assertThat(stopped)
                .isInstanceOf(ApiGoneException.class)
                .hasMessage("the API took no events for 1 s (" + url() + "/v1/events last answered 503)");
        assertThat(replayer.stopped()).startsWith("stopped at line 6 of 10: 5 events accepted");
        assertThat(RapportCli.describe(stopped)).as("said as it is").isEqualTo(stopped.getMessage());
    }

    @Test
    void anApiNeverReached_isSaidAsACommandThatCannotConnect() {
        String url = url();
        server.stop(0);

        Throwable stopped = org.assertj.core.api.Assertions.catchThrowable(
                () -> new EventReplayer(url, null, 10, 0, null).replay(events(5)));

        // after the first contact's 10 s, not the 2 minutes an API that answered before gets
        assertThat(RapportCli.describe(stopped)).startsWith("cannot connect to the API");
    }
}
