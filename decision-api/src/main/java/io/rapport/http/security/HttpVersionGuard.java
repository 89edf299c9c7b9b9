package io.rapport.http.security;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.http1.Http1ServerConnection;

/**
 * Reads the HTTP version of each request line before Vert.x does. Vert.x speaks HTTP/1.0 and 1.1
 * and answers any other version with an empty 501 before a request reaches the API's handlers
 * ({@code Http1ServerRequestHandler}), so a client's odd request line got a server error. Here:
 *
 * <ul>
 *   <li>a later HTTP/1 minor version ({@code HTTP/1.2}) is served as HTTP/1.1, as RFC 9112 (2.3)
 *       asks of a server: the highest version it conforms to with the major version received;
 *   <li>any other version ({@code HTTP/2.0} on an HTTP/1 connection, {@code HTTP/0.9},
 *       {@code FOO/1.1}) becomes an undecodable request, which the server's invalid-request handler
 *       ({@link RequestGuard#invalidRequest}) answers as a 400 naming {@code version}.
 * </ul>
 *
 * <p>It sits just before Vert.x's own handler in each HTTP/1 connection's Netty pipeline, installed
 * by the server's connection handler, which Vert.x runs as the connection is set up, before any request
 * is read. Finding that pipeline takes Vert.x's internal connection class; {@code RawRequestsTest} fails
 * if an upgrade moves it.
 */
public final class HttpVersionGuard extends ChannelInboundHandlerAdapter {
    /** The name of Vert.x's handler in the pipeline, which this one goes before. */
    private static final String VERTX_HANDLER = "handler";

    private static final String NAME = "rapportHttpVersionGuard";

    /** The failure of a request whose version is not HTTP/1.x, for {@link RequestGuard#invalidRequest}. */
    public static final class UnsupportedVersionException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnsupportedVersionException() {
            super("version: must be HTTP/1.1 (or HTTP/1.0)");
        }
    }

    /** For {@code HttpServer#connectionHandler}: puts the guard into an HTTP/1 connection's pipeline. */
    public static void install(HttpConnection connection) {
        if (connection instanceof Http1ServerConnection http1) {
            ChannelPipeline pipeline = http1.channelHandlerContext().pipeline();
            if (pipeline.get(VERTX_HANDLER) != null && pipeline.get(NAME) == null) {
                pipeline.addBefore(VERTX_HANDLER, NAME, new HttpVersionGuard());
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            HttpVersion version = request.protocolVersion();
            // Netty returns its own constants for the two versions Vert.x speaks
            if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
                request.setProtocolVersion(HttpVersion.HTTP_1_1);
                boolean http1 = "HTTP".equals(version.protocolName()) && version.majorVersion() == 1;
                if (!http1 && request.decoderResult().isSuccess()) {
                    request.setDecoderResult(DecoderResult.failure(new UnsupportedVersionException()));
                }
            }
        }
        ctx.fireChannelRead(msg);
    }
}
