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
