package io.rapport.event;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8: what the JSON parser lets through (an overlong {@code C0 AF} it reads as {@code /})
 * is refused as Java's own decoder refuses it, for bodies over HTTP and records on Kafka alike.
 */
public final class Utf8 {
    private Utf8() {}

    /**
     * The offset of a NUL among the first four bytes, or -1: a JSON parser reading bytes takes such a
     * text for UTF-16 or UTF-32 and reads it so (an ASCII-only UTF-16 body is valid UTF-8 byte by byte),
     * while no JSON text in UTF-8 holds a NUL there.
     */
    public static int wideEncodingNul(byte[] bytes) {
        for (int i = 0; i < Math.min(4, bytes.length); i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The first of {@link #wideEncodingNul} and {@link #firstMalformedByte}, or -1: a body of UTF-8 JSON. */
    public static int firstByteNotUtf8Json(byte[] bytes) {
        int nul = wideEncodingNul(bytes);
        int malformed = firstMalformedByte(bytes);
        return nul < 0 ? malformed : malformed < 0 ? nul : Math.min(nul, malformed);
    }

    /** The offset of the first byte that is not valid UTF-8, or -1 when all are. */
    public static int firstMalformedByte(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && bytes[i] >= 0) {
            i++; // ASCII, the usual case, needs no decoder
        }
        if (i == bytes.length) {
            return -1;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, i, bytes.length - i);
        CharBuffer out = CharBuffer.allocate(4096);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (!result.isOverflow()) {
                break;
            }
            out.clear();
        }
        out.clear();
        return decoder.flush(out).isError() ? in.position() : -1;
    }
}
