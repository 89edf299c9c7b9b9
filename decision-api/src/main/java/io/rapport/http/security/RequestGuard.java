package io.rapport.http.security;

import io.rapport.http.Responses;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses, ahead of every route, a path or query string whose percent-encoding is malformed
 * ({@code %ZZ}, a lone {@code %}) or decodes to invalid UTF-8 (overlong {@code %C0%AF}, a lone
 * surrogate {@code %ED%A0%80}): 400 JSON naming {@code path} or {@code query}. Without it Vert.x
 * fails while decoding a path parameter (a 500) or silently puts U+FFFD in the id.
 *
 * <p>{@link #invalidRequest} answers, as JSON, the requests Vert.x refuses before routing (a
 * request line or headers over the server's limits, an undecodable request).
 */
public final class RequestGuard implements Handler<RoutingContext> {
    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!wellFormed(request.path())) {
            Responses.error(ctx, 400, "bad_request", "path: is not valid percent-encoded UTF-8", "path");
            return;
        }
        String query = request.query();
        if (query != null && !wellFormed(query)) {
            Responses.error(ctx, 400, "bad_request", "query: is not valid percent-encoded UTF-8", "query");
            return;
        }
        ctx.next();
    }

    /** Whether every {@code %XX} is two hex digits and the decoded bytes are valid UTF-8. */
    static boolean wellFormed(String raw) {
        if (raw == null) {
            return true;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 4);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return false;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return false;
                }
                bytes.put((byte) (hi * 16 + lo));
                i += 2;
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** For {@code HttpServer#invalidRequestHandler}: the status Vert.x chose, as the API's JSON error. */
    public static void invalidRequest(HttpServerRequest request) {
        int status;
        String code;
        String message;
        Throwable failure = request.decoderResult() == null ? null : request.decoderResult().cause();
        String reason = failure == null ? "" : String.valueOf(failure.getMessage());
        if (reason.contains("line is larger") || reason.contains("URI")) {
            status = 414;
            code = "uri_too_long";
            message = "path: the request line is over the server's limit";
        } else if (reason.contains("header")) {
            status = 431;
            code = "headers_too_large";
            message = "headers: are over the server's limit";
        } else {
            status = 400;
            code = "bad_request";
            message = "request: is malformed";
        }
        request.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Connection", "close")
                .end("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}")
                .onComplete(v -> request.connection().close());
    }
}
