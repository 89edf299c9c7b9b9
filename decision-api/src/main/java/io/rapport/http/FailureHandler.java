package io.rapport.http;

import io.rapport.event.InvalidEventException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the API's JSON error: refused input ({@link InvalidEventException}) into
 * 400 or 413 naming the field, a body whose framing is broken into 400 naming the body, status codes set by Vert.x itself (404, 405, 413 from the body
 * limit…) and by {@link RouteTable} (415 for a form body) into their JSON equivalent, and anything
 * unexpected into a 500 without details, logged with its stack trace here and never sent to the
 * client. {@link #methodNotAllowed} answers the 405 of {@link RouteTable}, with {@code Allow}.
 */
public final class FailureHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);
    /**
     * The status Vert.x Web's {@code BodyHandler} fails a request with when the request's body
     * stream fails while it reads it (its exception handler: 400 only for a Netty {@code
     * DecoderException}, 200 for anything else), e.g. the {@code NumberFormatException} of a
     * malformed chunk size: the client's framing is broken, so it is a 400 naming the body.
     */
    private static final int BODY_STREAM_FAILED = 200;
    /** How much of a refused Content-Type, or of a body stream's failure, the message repeats. */
    private static final int MAX_ECHOED = 100;

    private final int maxBodyBytes;

    public FailureHandler(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(RoutingContext ctx) {
        respond(ctx, ctx.statusCode());
    }

    /**
     * The handler for {@link io.vertx.ext.web.Router#errorHandler}: the router does not always set
     * the status on the context it passes (e.g. for an undecodable path), so it is given here.
     */
    public Handler<RoutingContext> forStatus(int status) {
        return ctx -> respond(ctx, ctx.statusCode() == -1 ? status : ctx.statusCode());
    }

    private void respond(RoutingContext ctx, int status) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        Throwable failure = ctx.failure();
        if (failure instanceof InvalidEventException e) {
            refuse(ctx, e, "invalid_parameter");
            return;
        }
        if (status == BODY_STREAM_FAILED && failure != null) {
            unreadableBody(ctx, failure);
            return;
        }
        switch (status) {
            case 400 -> {
                if (ctx.request().version() == HttpVersion.HTTP_1_1
                        && !ctx.request().headers().contains(HttpHeaders.HOST)) {
                    // RFC 9112 (3.2): the router refuses an HTTP/1.1 request without Host
                    Responses.error(ctx, 400, "bad_request", "Host: is required in HTTP/1.1", "Host");
                } else {
                    Responses.error(ctx, 400, "bad_request", "request: is malformed");
                }
            }
            case 404 ->
                Responses.error(
                        ctx,
                        404,
                        "not_found",
                        "path: no resource at " + ctx.request().method() + " " + ctx.normalizedPath());
            case 405 -> methodNotAllowed(ctx, null);
            case 413 ->
                Responses.error(
                        ctx, 413, "payload_too_large", "body: is over the limit of " + maxBodyBytes + " bytes", "body");
            case 415 -> {
                if (failure instanceof RouteTable.UnsupportedContentCodingException coding) {
                    ctx.response().putHeader("Accept-Encoding", "identity");
                    Responses.error(
                            ctx,
                            415,
                            "unsupported_media_type",
                            "Content-Encoding: " + cut(coding.getMessage().strip())
                                    + " is not accepted; send the body uncompressed",
                            "Content-Encoding");
                } else {
                    Responses.error(
                            ctx,
                            415,
                            "unsupported_media_type",
                            "Content-Type: " + mediaType(ctx) + " is not accepted; send JSON as application/json",
                            "Content-Type");
                }
            }
            default -> unexpected(ctx, status, failure);
        }
    }

    /** 405 naming the method; {@code allow}, the path's methods, goes into {@code Allow} unless null. */
    public static void methodNotAllowed(RoutingContext ctx, String allow) {
        if (allow != null) {
            ctx.response().putHeader("Allow", allow);
        }
        Responses.error(
                ctx,
                405,
                "method_not_allowed",
                "method: " + ctx.request().method() + " is not allowed on " + ctx.normalizedPath());
    }

    /**
     * 400 naming the body, for a request whose body stream failed (a chunk size Netty cannot read),
     * unless an answer is already on its way.
     */
    public static void unreadableBody(RoutingContext ctx, Throwable failure) {
        if (!ctx.response().headWritten()) {
            Responses.error(ctx, 400, "bad_request", "body: could not be read: " + shortMessage(failure), "body");
        }
    }

    private static String shortMessage(Throwable failure) {
        return cut(failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage());
    }

    /** {@code text} as a message repeats it: at most {@value #MAX_ECHOED} characters. */
    private static String cut(String text) {
        return text.length() > MAX_ECHOED ? text.substring(0, MAX_ECHOED) + "…" : text;
    }

    // The media type of the request, without parameters (a boundary, a charset) and cut short.
    private static String mediaType(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null) {
            return "(none)";
        }
        int parameters = type.indexOf(';');
        type = (parameters < 0 ? type : type.substring(0, parameters)).strip();
        return cut(type);
    }

    /** Renders a refusal of input: 413 past a size limit, else 400 with {@code code}. */
    public static void refuse(RoutingContext ctx, InvalidEventException e, String code) {
        if (e.tooLarge()) {
            Responses.error(ctx, 413, "payload_too_large", e.getMessage(), e.field());
        } else {
            Responses.error(ctx, 400, code, e.getMessage(), e.field());
        }
    }

    private static void unexpected(RoutingContext ctx, int status, Throwable failure) {
        if (status >= 400 && status < 500) {
            Responses.error(ctx, status, "client_error", "request: refused with status " + status);
            return;
        }
        LOG.error(
                "Unexpected failure (status {}) on {} {}",
                status,
                ctx.request().method(),
                ctx.request().path(),
                failure);
        Responses.error(ctx, 500, "internal_error", "server: unexpected error; it has been logged");
    }
}
