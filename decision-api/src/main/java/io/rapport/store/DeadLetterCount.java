package io.rapport.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.kafka.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The distinct dead letters on {@link io.rapport.kafka.Topics#DEAD_LETTERS}: the events the stream
 * jobs read from Kafka and refused. The jobs write a letter at least once, so the topic may hold one
 * twice: a job restarted from its last checkpoint after a crash refuses again what it read after
 * that checkpoint, a rebuild from the event log refuses everything again, and a producer may resend
 * the same bad record. A letter is its key, reason, field and raw event (not {@code at}, the time of
 * the refusal), and counts once, as a duplicate event does.
 *
 * <p>Written by the view consumer's thread, read by any. Bounded: a letter is an 8-byte fingerprint
 * (SHA-256's first 8 bytes: the chance that two of a million letters share one is about 3·10⁻⁸) in an
 * open-addressing table of at most {@value #MAX_DISTINCT} letters (16 MiB); past that, each further
 * record counts, as the topic's records were counted before, so the count errs only upwards and only
 * after a flood of a million distinct bad records within the topic's retention (7 days).
 */
public final class DeadLetterCount {
    /** Most letters told apart; far above a healthy week of refusals. */
    public static final int MAX_DISTINCT = 1 << 20;

    private long[] table = new long[1024];
    private int distinct;
    private long pastTheCap;
    private volatile long count;
    private volatile boolean loaded;

    /** Takes one record of the dead-letter topic ({@code key} may be null: a letter whose customer is unknown). */
    public void add(String key, byte[] value) {
        long fingerprint = fingerprint(key, value);
        if (distinct >= MAX_DISTINCT) {
            if (!contains(fingerprint)) {
                pastTheCap++;
            }
        } else if (insert(fingerprint)) {
            distinct++;
        }
        count = distinct + pastTheCap;
    }

    /** The topic has been read to where it ended when the API started: {@link #count} is whole from now. */
    public void loaded() {
        loaded = true;
    }

    /** The distinct dead letters the topic holds; -1 until it has been read once ({@link #loaded}). */
    public long count() {
        return loaded ? count : -1;
    }

    /** The key, reason, field and raw event of a letter; the whole value when it is not a letter's JSON. */
    static long fingerprint(String key, byte[] value) {
        MessageDigest sha = sha256();
        sha.update(key == null ? new byte[] {0} : ("k" + key).getBytes(StandardCharsets.UTF_8));
        JsonNode letter = null;
        if (value != null) {
            try {
                letter = Json.mapper().readTree(value);
            } catch (IOException e) {
                letter = null;
            }
        }
        if (letter != null && letter.isObject() && letter.has("reason")) {
            for (String part : new String[] {"reason", "field", "raw"}) {
                sha.update((byte) 0);
                sha.update(letter.path(part).asText("").getBytes(StandardCharsets.UTF_8));
            }
        } else if (value != null) {
            sha.update((byte) 1);
            sha.update(value);
        }
        long fingerprint = ByteBuffer.wrap(sha.digest()).getLong();
        return fingerprint == 0 ? 1 : fingerprint; // 0 marks a free slot
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private boolean contains(long fingerprint) {
        int mask = table.length - 1;
        for (int i = slot(fingerprint, mask); table[i] != 0; i = (i + 1) & mask) {
            if (table[i] == fingerprint) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code fingerprint} was new. The table stays at most half full. */
    private boolean insert(long fingerprint) {
        if (contains(fingerprint)) {
            return false;
        }
        if (2 * (distinct + 1) > table.length) {
            long[] old = table;
            table = new long[old.length * 2];
            for (long f : old) {
                if (f != 0) {
                    place(f);
                }
            }
        }
        place(fingerprint);
        return true;
    }

    private void place(long fingerprint) {
        int mask = table.length - 1;
        int i = slot(fingerprint, mask);
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = fingerprint;
    }

    private static int slot(long fingerprint, int mask) {
        return (int) (fingerprint ^ (fingerprint >>> 32)) & mask;
    }
}
