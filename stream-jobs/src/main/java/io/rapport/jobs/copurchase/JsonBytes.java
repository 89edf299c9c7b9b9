package io.rapport.jobs.copurchase;

import io.rapport.kafka.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer with the few JSON tokens that the co-purchase job's records need, written
 * exactly as {@link Json#encode} writes them, for records encoded per event without the bean
 * serializer and generator ({@link ItemSnapshotFormat}, the customer items of {@link
 * CustomerItemsFunction}).
 */
final class JsonBytes {
    private byte[] buf;
    private int size;

    JsonBytes(int capacity) {
        buf = new byte[capacity];
    }

    JsonBytes raw(byte b) {
        ensure(1);
        buf[size++] = b;
        return this;
    }

    JsonBytes raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
        return this;
    }

    JsonBytes number(long n) {
        if (n < 0) {
            return raw(Long.toString(n).getBytes(StandardCharsets.US_ASCII));
        }
        int digits = 1;
        for (long rest = n / 10; rest > 0; rest /= 10) {
            digits++;
        }
        ensure(digits);
        size += digits;
        int at = size;
        do {
            buf[--at] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n > 0);
        return this;
    }

    /**
     * A quoted string. Printable ASCII other than quote and backslash is what Jackson writes
     * unchanged; a string with anything else is written by the mapper itself, so its escapes
     * and UTF-8 (characters outside the BMP become escaped surrogate pairs) match.
     */
    JsonBytes string(String s) {
        int n = s.length();
        ensure(n + 2);
        int start = size;
        buf[size++] = '"';
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || ch >= 0x80 || ch == '"' || ch == '\\') {
                size = start;
                return raw(Json.encode(s));
            }
            buf[size++] = (byte) ch;
        }
        buf[size++] = '"';
        return this;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
