package io.rapport.http.security;

import io.netty.handler.codec.http.ContentLengthNotAllowedException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.TransferEncodingNotAllowedException;
import io.rapport.http.FailureHandler;
import io.rapport.http.Responses;
import io.rapport.http.RouteTable;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Refuses, ahead of every route, a path or query string whose percent-encoding is malformed
 * ({@code %ZZ}, a lone {@code %}) or whose bytes are not valid UTF-8, percent-encoded (overlong
 * {@code %C0%AF}, a lone surrogate {@code %ED%A0%80}) or raw (bytes {@code 0xFF 0xFE} sent as
 * they are): 400 JSON naming {@code path} or {@code query}. Without it Vert.x fails while decoding
 * a path parameter (a 500) or silently puts U+FFFD, or the raw bytes read as ISO-8859-1, in the
 * id. An empty path segment ({@code /v1/items//stats}) or a trailing slash where an id should
 * follow ({@code DELETE /v1/customers/}) is a 400 naming the id it stands for, not a 404 or 405 for
 * the path Vert.x would make of it. A request with more than one {@code Host} header is a 400 naming {@code Host}; one whose
 * {@code Transfer-Encoding} does not end with {@code chunked} a 400 naming that header.
 *
 * <p>A request with a chunked body gets a 400 naming the body when its chunks cannot be decoded,
 * on every route (see {@link FailureHandler#unreadableBody}).
 *
 * <p>{@link #invalidRequest} answers, as JSON, the requests Vert.x refuses before routing (a
 * request line or headers over the server's limits, both {@code Content-Length} and {@code
 * Transfer-Encoding}, an undecodable request).
 */
public final class RequestGuard implements Handler<RoutingContext> {
    /** Names the path parameter an empty segment stands for, or {@code null} (see {@link RouteTable#emptyParameter}). */
    private final BiFunction<HttpMethod, String, String> emptyParameter;

    private static final char LAST_BYTE = '\u00FF';

    private static final String NOT_UTF8 = "holds malformed percent-encoding or bytes that are not UTF-8";
    private static final String CHUNKED_LAST =
            "Transfer-Encoding: must end with chunked (or send Content-Length instead)";

    public RequestGuard(BiFunction<HttpMethod, String, String> emptyParameter) {
        this.emptyParameter = emptyParameter;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!wellFormed(request.path())) {
            Responses.error(ctx, 400, "bad_request", "path: " + NOT_UTF8, "path");
            return;
        }
        String query = request.query();
        if (query != null && !wellFormed(query)) {
            Responses.error(ctx, 400, "bad_request", "query: " + NOT_UTF8, "query");
            return;
        }
        String path = request.path();
        int empty = path.indexOf("//");
        // only a path with an empty segment (a // or a trailing /) is matched against the templates
        String field = empty >= 0 || path.endsWith("/") ? emptyParameter.apply(request.method(), path) : null;
        if (field == null && empty >= 0) {
            field = emptySegment(path, empty);
        }
        if (field != null) {
            // Vert.x would route /v1/items//stats as /v1/items/stats, and /v1/customers/ as
            // /v1/customers: a 404 or 405 that hides the empty id
            // an empty id is a bad parameter, as any other invalid id is; an empty segment elsewhere a bad path
            String code = field.equals("path") ? "bad_request" : "invalid_parameter";
            Responses.error(ctx, 400, code, field + ": must not be empty", field);
            return;
        }
        if (request.headers().getAll(HttpHeaders.HOST).size() > 1) {
            // RFC 9112 (3.2): two Host lines make the target ambiguous, a shape used to poison caches
            Responses.error(ctx, 400, "bad_request", "Host: must be sent once", "Host");
            return;
        }
        if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            if (!endsChunked(request.headers().getAll(HttpHeaders.TRANSFER_ENCODING))) {
                // RFC 9112 (6.3): without chunked last the body's length cannot be known, and what
                // follows would be read as the next request
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                // and close it: the header alone leaves the connection open, and the bytes after the
                // head would be read as a next request (a request smuggled in the body)
                ctx.response().endHandler(v -> request.connection().close());
                Responses.error(ctx, 400, "bad_request", CHUNKED_LAST, "Transfer-Encoding");
                return;
            }
            // A chunked body Netty cannot decode fails the request's stream and Vert.x then closes the
            // connection: routes that read a body answer through BodyHandler and FailureHandler, and
            // this answers it on the others (a GET or DELETE sent with a body), which never read it.
            request.exceptionHandler(failure -> FailureHandler.unreadableBody(ctx, failure));
        }
        ctx.next();
    }

    /** The id an empty path segment stands for, by the segment before it ({@code items//stats}: itemId). */
    static String emptySegment(String path, int at) {
        if (at == 0) {
            return "path";
        }
        String before = path.substring(path.lastIndexOf('/', at - 1) + 1, at);
        return switch (before) {
            case "items", "catalog" -> "itemId";
            case "customers" -> "customerId";
            default -> "path";
        };
    }

    /** Whether the last transfer coding of the {@code Transfer-Encoding} lines is {@code chunked}. */
    static boolean endsChunked(List<String> lines) {
        String last = lines.get(lines.size() - 1);
        int comma = last.lastIndexOf(',');
        return last.substring(comma + 1).trim().equalsIgnoreCase("chunked");
    }

    /**
     * Whether every {@code %XX} is two hex digits and the bytes, decoded and raw, are valid UTF-8.
     * Netty reads the request line as ISO-8859-1, one character per byte, so a character up to
     * U+00FF stands for the byte the client sent.
     */
    static boolean wellFormed(String raw) {
        if (raw == null) {
            return true;
        }
        boolean ascii = true;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int b = escapedByte(raw, i);
                if (b < 0) {
                    return false;
                }
                ascii &= b < 0x80;
                i += 2;
            } else {
                ascii &= c < 0x80;
            }
        }
        // ASCII, escaped or not, is UTF-8: the common case needs no decoder
        return ascii || decodesAsUtf8(raw);
    }

    /** The byte of the escape {@code %XX} at {@code i}, or -1 when it is not two hex digits. */
    private static int escapedByte(String raw, int i) {
        if (i + 2 >= raw.length()) {
            return -1;
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    /** Whether the bytes of {@code raw} (its escapes, already checked, decoded) are UTF-8. */
    private static boolean decodesAsUtf8(String raw) {
        ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 4);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                bytes.put((byte) escapedByte(raw, i));
                i += 2;
            } else if (c <= LAST_BYTE) {
                bytes.put((byte) c);
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * For {@code HttpServer#invalidRequestHandler}: the request Netty could not decode, or whose HTTP
     * version {@link HttpVersionGuard} refused, as the API's JSON error (414 for a request line over the
     * limit, 431 for headers over it, else 400), and the connection closed.
     */
    public static void invalidRequest(HttpServerRequest request) {
        Throwable failure =
                request.decoderResult() == null ? null : request.decoderResult().cause();
        String message = failure == null ? "" : String.valueOf(failure.getMessage());
        int status = 400;
        Buffer body;
        if (failure instanceof TooLongHttpLineException) {
            status = 414;
            body = Responses.errorBody("uri_too_long", "path: the request line is over the server's limit", "path");
        } else if (failure instanceof TooLongHttpHeaderException) {
            status = 431;
            body = Responses.errorBody("headers_too_large", "headers: are over the server's limit", "headers");
        } else if (failure instanceof ContentLengthNotAllowedException) {
            // Both framings at once is how requests are smuggled past proxies (RFC 9112, 6.1).
            body = Responses.errorBody(
                    "bad_request", "Content-Length: must not be sent with Transfer-Encoding", "Content-Length");
        } else if (failure instanceof IllegalArgumentException && message.startsWith("Multiple Content-Length")) {
            body = Responses.errorBody("bad_request", "Content-Length: must be sent once", "Content-Length");
        } else if (failure instanceof IllegalArgumentException && message.startsWith("Content-Length value")) {
            body = Responses.errorBody(
                    "bad_request", "Content-Length: must be a whole number of bytes", "Content-Length");
        } else if (failure instanceof IllegalArgumentException && message.startsWith("a header value contains")) {
            // Vert.x's check of header values names neither the header nor (safely) the character
            body = Responses.errorBody(
                    "bad_request", "headers: a header's value holds a control character (NUL, DEL …)", "headers");
        } else if (failure instanceof HttpVersionGuard.UnsupportedVersionException) {
            body = Responses.errorBody("bad_request", failure.getMessage(), "version");
        } else if (failure instanceof IllegalArgumentException && message.contains("Transfer-Encoding")) {
            // Netty's own refusal of "chunked, gzip": chunked must be the last coding
            body = Responses.errorBody("bad_request", CHUNKED_LAST, "Transfer-Encoding");
        } else if (failure instanceof TransferEncodingNotAllowedException) {
            body = Responses.errorBody(
                    "bad_request", "Transfer-Encoding: is only allowed from HTTP/1.1 on", "Transfer-Encoding");
        } else {
            body = Responses.errorBody("bad_request", "request: is malformed", null);
        }
        request.response()
                .setStatusCode(status)
                .putHeader("Content-Type", Responses.JSON)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Connection", "close")
                .end(body)
                .onComplete(v -> request.connection().close());
    }
}
