package io.rapport.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sends bytes a well-behaved client would not (raw non-ASCII in the request line, conflicting
 * framing headers, an unknown HTTP version) and reads the answer as the wire carries it, body bytes
 * included, up to the server closing the connection. Blocking: call it from the test thread.
 */
public final class RawHttp {
    private static final int TIMEOUT_MILLIS = 10_000;

    private RawHttp() {}

    /** One answer: the status line, the head (status line and headers) and the bytes after it, one character each. */
    public record Answer(String statusLine, String head, String body) {
        public int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        /** The body decoded as UTF-8. */
        public String utf8Body() {
            return new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }

        /** The value of a header, or null. */
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0
                        && line.substring(0, colon)
                                .trim()
                                .toLowerCase(Locale.ROOT)
                                .equals(name.toLowerCase(Locale.ROOT))) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /**
     * Sends {@code request}, one byte per character (ISO-8859-1: character U+00FF is byte 0xFF), and
     * reads until the server closes the connection; send {@code Connection: close} to have it close.
     */
    public static Answer exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String wire = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int endOfHead = wire.indexOf("\r\n\r\n");
            if (endOfHead < 0) {
                throw new IOException("no complete answer: '" + wire + "'");
            }
            String head = wire.substring(0, endOfHead);
            int endOfStatus = head.indexOf("\r\n");
            String statusLine = endOfStatus < 0 ? head : head.substring(0, endOfStatus);
            return new Answer(statusLine, head, wire.substring(endOfHead + 4));
        }
    }
}
