package io.rapport.http;

import io.rapport.kafka.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes JSON answers, and the one error shape of the API: {@code {"error":{"code","message"}}},
 * plus {@code "field"} when one input field is to blame (the message names it too).
 */
public final class Responses {
    public static final String JSON = "application/json; charset=utf-8";

    private Responses() {}

    /** Ends the response with {@code body} (a record, map or list) as JSON. */
    public static void json(RoutingContext ctx, int status, Object body) {
        encodedJson(ctx, status, Buffer.buffer(Json.encode(body)));
    }

    /** Ends the response with {@code body}, JSON already encoded. */
    public static void encodedJson(RoutingContext ctx, int status, Buffer body) {
        if (answered(ctx)) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON);
        end(ctx, body);
    }

    /**
     * Ends the response with {@code body}, announcing its length: Vert.x drops the body of an
     * answer to {@code HEAD} and then sends no {@code Content-Length} of its own, so {@code HEAD}
     * would not tell the length {@code GET} sends.
     */
    public static void end(RoutingContext ctx, Buffer body) {
        if (answered(ctx)) {
            return;
        }
        ctx.response()
                .putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length()))
                .end(body);
    }

    public static void error(RoutingContext ctx, int status, String code, String message) {
        error(ctx, status, code, message, null);
    }

    /** Ends the response with an error; {@code field} may be null. */
    public static void error(RoutingContext ctx, int status, String code, String message, String field) {
        encodedJson(ctx, status, errorBody(code, message, field));
    }

    /**
     * Whether the response has ended already: a route that answers later (off the event loop) may
     * find its request answered with a 400 meanwhile, because its chunked body could not be
     * decoded ({@link FailureHandler#unreadableBody}); its own answer is then dropped.
     */
    public static boolean answered(RoutingContext ctx) {
        return ctx.response().ended();
    }

    /** The error JSON, for answers written without a routing context; {@code field} may be null. */
    public static Buffer errorBody(String code, String message, String field) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        return Buffer.buffer(Json.encode(Map.of("error", error)));
    }
}
