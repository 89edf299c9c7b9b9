package io.rapport.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.rapport.kafka.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a product catalogue into a running API: the records go to {@code POST /v1/catalog} in
 * batches of at most {@value #MAX_BATCH} (the API's limit), in file order, so the API validates
 * them and carries them on the compacted {@code catalog} topic. A batch the API refuses stops the
 * upload with the API's reason (it names the field); the batches before it stay loaded, and posting
 * the file again is safe because the last record per item wins.
 */
final class CatalogUploader {
    static final int MAX_BATCH = 1_000;

    /** Reads one JSON value and refuses anything after it (a second record on the line, after the array). */
    private static final ObjectReader STRICT =
            Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final String apiKey;

    /** @param apiKey an admin key sent as a bearer token, or null when the API runs without keys */
    CatalogUploader(String baseUrl, String apiKey) {
        this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/catalog");
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
    }

    /**
     * The records of a catalogue file: a JSON array, or one JSON object per line.
     *
     * @throws IllegalArgumentException saying which line, or where in the array, is not JSON
     */
    static List<JsonNode> records(String text) {
        String trimmed = text.strip();
        List<JsonNode> records = new ArrayList<>();
        if (trimmed.startsWith("[")) {
            try {
                STRICT.readTree(trimmed).forEach(records::add);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("the JSON array is not valid JSON: " + said(e) + " (line "
                        + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")");
            }
            return records;
        }
        int lineNumber = 0;
        for (String line : trimmed.split("\n")) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                records.add(STRICT.readTree(line));
            } catch (JsonProcessingException e) {
                // one line a person can act on, without the parser's class name and its own line count
                throw new IllegalArgumentException("line " + lineNumber + " is not JSON: " + said(e));
            }
        }
        return records;
    }

    /** The parser's words without its location note ("(start marker at [Source: …])"), said by us instead. */
    private static String said(JsonProcessingException e) {
        if (e.getOriginalMessage().startsWith("Trailing token")) {
            return "more follows the first JSON value (one record per line, or one array)";
        }
        return e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source: [^\\]]*\\][^)]*\\)", "");
    }

    /** Posts every record; the count the API accepted, or an exception with the API's answer. */
    long upload(List<JsonNode> records) throws IOException, InterruptedException {
        long accepted = 0;
        for (int from = 0; from < records.size(); from += MAX_BATCH) {
            ArrayNode batch = Json.mapper().createArrayNode();
            records.subList(from, Math.min(records.size(), from + MAX_BATCH)).forEach(batch::add);
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(batch.toString(), StandardCharsets.UTF_8));
            if (apiKey != null) {
                request.header("Authorization", "Bearer " + apiKey);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("records " + (from + 1) + "-" + (from + batch.size()) + " refused with "
                        + response.statusCode() + ": " + response.body());
            }
            accepted += Json.mapper().readTree(response.body()).path("accepted").asLong();
        }
        return accepted;
    }
}
