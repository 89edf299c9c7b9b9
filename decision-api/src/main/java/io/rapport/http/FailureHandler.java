package io.rapport.http;

import io.rapport.event.InvalidEventException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the API's JSON error: refused input ({@link InvalidEventException}) into
 * 400 or 413 naming the field, status codes set by Vert.x itself (404, 405, 413 from the body
 * limit…) into their JSON equivalent, and anything unexpected into a 500 without details, logged
 * with its stack trace here and never sent to the client.
 */
public final class FailureHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

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
        switch (status) {
            case 400 -> Responses.error(ctx, 400, "bad_request", "request: is malformed");
            case 404 -> Responses.error(ctx, 404, "not_found",
                    "path: no resource at " + ctx.request().method() + " " + ctx.normalizedPath());
            case 405 -> Responses.error(ctx, 405, "method_not_allowed",
                    "method: " + ctx.request().method() + " is not allowed on " + ctx.normalizedPath());
            case 413 -> Responses.error(ctx, 413, "payload_too_large",
                    "body: is over the limit of " + maxBodyBytes + " bytes", "body");
            case 415 -> Responses.error(ctx, 415, "unsupported_media_type", "Content-Type: is not supported");
            default -> unexpected(ctx, status, failure);
        }
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
        LOG.error("Unexpected failure (status {}) on {} {}", status, ctx.request().method(), ctx.request().path(), failure);
        Responses.error(ctx, 500, "internal_error", "server: unexpected error; it has been logged");
    }
}
