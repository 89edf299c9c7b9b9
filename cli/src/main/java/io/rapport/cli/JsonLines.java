package io.rapport.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a JSON-lines file, each decoded as UTF-8 on its own, so that one damaged line does not
 * stop the rest: a line that is not valid UTF-8 comes back as null, for the caller to report with its
 * number. Line ends are {@code \n} or {@code \r\n}. A UTF-8 byte order mark opening the file (as
 * spreadsheet and Windows tools write) is skipped: it is not part of the first line's JSON.
 */
final class JsonLines {
    private JsonLines() {}

    static List<String> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        CharsetDecoder utf8 = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        int start = hasByteOrderMark(bytes) ? 3 : 0;
        for (int i = start; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                if (i == bytes.length && start == i) {
                    break; // no line after the last line end
                }
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                lines.add(decode(utf8, bytes, start, end));
                start = i + 1;
            }
        }
        return lines;
    }

    private static boolean hasByteOrderMark(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF;
    }

    private static String decode(CharsetDecoder utf8, byte[] bytes, int from, int to) {
        try {
            return utf8.reset().decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
