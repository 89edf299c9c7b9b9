package io.rapport.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the admin {@code PUT}s that replace a whole set (offers, campaigns) share besides reading
 * the body ({@link JsonBodyReader}): answering once Kafka acknowledged the write ({@code 200}) or
 * not ({@code 503} with {@code Retry-After}, nothing replaced).
 */
final class AdminWrites {
    private static final Logger LOG = LoggerFactory.getLogger(AdminWrites.class);

    private AdminWrites() {}

    /** Answers 200 with {@code answer} of the written value, or 503 naming {@code field}. */
    static <T> void answer(RoutingContext ctx, Future<T> written, String field, Function<T, Object> answer) {
        written.onComplete(result -> {
            if (result.succeeded()) {
                Responses.json(ctx, 200, answer.apply(result.result()));
            } else {
                LOG.warn(
                        "Could not write {} to Kafka: {}", field, result.cause().toString());
                ctx.response().putHeader("Retry-After", EventsHandler.RETRY_AFTER_SECONDS);
                Responses.error(ctx, 503, "unavailable", field + ": could not be written to Kafka; retry later");
            }
        });
    }
}
