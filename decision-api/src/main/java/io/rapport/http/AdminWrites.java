package io.rapport.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.event.InvalidEventException;
import io.rapport.kafka.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the admin {@code PUT}s that replace a whole set (offers, campaigns) share: reading the body
 * as JSON, refusing it with 400 naming the set, and answering once Kafka acknowledged the write
 * ({@code 200}) or not ({@code 503} with {@code Retry-After}, nothing replaced).
 */
final class AdminWrites {
    private static final Logger LOG = LoggerFactory.getLogger(AdminWrites.class);

    private AdminWrites() {}

    /**
     * The body as JSON.
     *
     * @param field the name of the set ({@code offers}), used in refusals
     * @param expected what the body must be, e.g. "a JSON array of offers"
     * @throws InvalidEventException for an empty body or invalid JSON
     */
    static JsonNode read(RoutingContext ctx, String field, String expected) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw new InvalidEventException(field, "is required: " + expected);
        }
        try {
            // Trailing content after the value ("[]]") is refused, not ignored.
            return Json.mapper().reader()
                    .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(body.getBytes());
        } catch (IOException e) {
            throw new InvalidEventException(field, "is not valid JSON");
        }
    }

    /** Answers 200 with {@code answer} of the written value, or 503 naming {@code field}. */
    static <T> void answer(RoutingContext ctx, Future<T> written, String field, Function<T, Object> answer) {
        written.onComplete(result -> {
            if (result.succeeded()) {
                Responses.json(ctx, 200, answer.apply(result.result()));
            } else {
                LOG.warn("Could not write {} to Kafka: {}", field, result.cause().toString());
                ctx.response().putHeader("Retry-After", EventsHandler.RETRY_AFTER_SECONDS);
                Responses.error(ctx, 503, "unavailable", field + ": could not be written to Kafka; retry later");
            }
        });
    }
}
