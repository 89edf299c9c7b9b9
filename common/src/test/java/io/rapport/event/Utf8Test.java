package io.rapport.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
    private static byte[] with(String ascii, int... bytes) {
        byte[] head = ascii.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + bytes.length];
        System.arraycopy(head, 0, all, 0, head.length);
        for (int i = 0; i < bytes.length; i++) {
            all[head.length + i] = (byte) bytes[i];
        }
        return all;
    }

    @Test
    void validText_hasNoMalformedByte_acrossTheDecodersChunks() {
        assertThat(Utf8.firstMalformedByte(new byte[0])).isEqualTo(-1);
        assertThat(Utf8.firstMalformedByte("plain ascii".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(-1);
        String mixed = "Crème brûlée, 牛奶, 🥛 ".repeat(2_000); // far past one 4,096-char chunk
        assertThat(Utf8.firstMalformedByte(mixed.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(-1);
    }

    @Test
    void namesTheFirstBadByte_ofOverlongSurrogateTruncatedAndStraySequences() {
        assertThat(Utf8.firstMalformedByte(with("{\"a\":\"", 0xC0, 0xAF)))
                .as("overlong '/'")
                .isEqualTo(6);
        assertThat(Utf8.firstMalformedByte(with("ab", 0xED, 0xA0, 0x80)))
                .as("an encoded surrogate")
                .isEqualTo(2);
        assertThat(Utf8.firstMalformedByte(with("abc", 0xE2, 0x98)))
                .as("cut short")
                .isEqualTo(3);
        assertThat(Utf8.firstMalformedByte(with("x", 0x80)))
                .as("a stray continuation byte")
                .isEqualTo(1);
        assertThat(Utf8.firstMalformedByte(with("x", 0xF4, 0x90, 0x80, 0x80)))
                .as("past U+10FFFF")
                .isEqualTo(1);
    }
}
