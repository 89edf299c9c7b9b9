package io.rapport.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.rapport.event.EventParser;
import io.rapport.event.InvalidEventException;
import io.rapport.event.Limits;
import io.rapport.event.Utf8;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;

/**
 * Reads the JSON body of every route but {@code POST /v1/events} (offers, campaigns, catalogue)
 * under the JSON limits events are read with ({@link EventParser#jsonFactory}): nesting at most {@link
 * Limits#maxNestingDepth()} levels, strings at most the body limit, trailing content after the
 * value ({@code []]}) and a key given twice in one object refused (naming it, {@code offers[1].title}). A refusal is an {@link InvalidEventException} naming the body's
 * field, worded as events' are ({@code offers: breaks a JSON limit (nesting depth at most 32): …}).
 *
 * <p>Thread-safe.
 */
public final class JsonBodyReader {
    private final Limits limits;
    private final ObjectReader reader;

    public JsonBodyReader(Limits limits) {
        this.limits = limits;
        this.reader = new ObjectMapper(EventParser.jsonFactory(limits))
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * The body as JSON.
     *
     * @param field the name of what the body holds ({@code offers}), used in refusals
     * @param expected what the body must be, e.g. "a JSON array of offers"
     * @throws InvalidEventException for an empty body, invalid JSON or JSON past a limit
     */
    public JsonNode read(RoutingContext ctx, String field, String expected) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw new InvalidEventException(field, "is required: " + expected);
        }
        byte[] bytes = body.getBytes();
        int malformed = Utf8.firstByteNotUtf8Json(bytes);
        if (malformed >= 0) {
            throw new InvalidEventException(field, "is not valid UTF-8 (byte " + malformed + ")");
        }
        try {
            JsonNode root = reader.readTree(bytes);
            if (root == null || root.isMissingNode()) {
                throw new InvalidEventException(field, "is required: " + expected);
            }
            return root;
        } catch (IOException e) {
            throw EventParser.unreadable(e, field, field, limits);
        }
    }
}
