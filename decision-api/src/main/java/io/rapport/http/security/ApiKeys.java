package io.rapport.http.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured API keys, held only as SHA-256 digests. A presented key is hashed and compared
 * with every configured digest by {@link MessageDigest#isEqual} (constant time, no early exit), so
 * neither the comparison's time nor a log line reveals a key. A key is known to the rest of the API
 * only by its {@link Caller#keyId} (the first 12 hex digits of its digest), safe to log and to use
 * as the rate-limit bucket.
 *
 * <p>Sources ({@link #load}): {@code RAPPORT_CLIENT_KEYS} and {@code RAPPORT_ADMIN_KEYS}
 * (comma-separated), and the file named by {@code RAPPORT_API_KEYS_FILE}, one key per line as
 * {@code client:KEY} or {@code admin:KEY} ({@code #} comments and blank lines ignored). Keys are
 * 16–256 printable ASCII characters. None configured = {@link #open()}.
 */
public final class ApiKeys {
    public static final int MIN_KEY_LENGTH = 16;
    public static final int MAX_KEY_LENGTH = 256;

    /** Who is calling: the key's role and id, or an anonymous caller when the API is open. */
    public record Caller(Role role, String keyId) {}

    private record Entry(byte[] digest, Role role, String keyId) {}

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static ApiKeys none() {
        return new ApiKeys(List.of());
    }

    public static ApiKeys of(Collection<String> clientKeys, Collection<String> adminKeys) {
        List<Entry> entries = new ArrayList<>();
        clientKeys.forEach(k -> entries.add(entry(k, Role.CLIENT)));
        adminKeys.forEach(k -> entries.add(entry(k, Role.ADMIN)));
        return new ApiKeys(entries);
    }

    /** Reads the keys from the environment variables and the key file they name. */
    public static ApiKeys load(Map<String, String> env) {
        List<String> client = new ArrayList<>();
        List<String> admin = new ArrayList<>();
        read(env, client, admin);
        return of(client, admin);
    }

    /**
     * A key the environment configures that may post events (the first client key, else the first
     * admin key), for a process that feeds its own API, as {@code ./rapport up} replays its sample;
     * empty when the API is open.
     */
    public static Optional<String> eventKey(Map<String, String> env) {
        List<String> client = new ArrayList<>();
        List<String> admin = new ArrayList<>();
        read(env, client, admin);
        return client.isEmpty() ? admin.stream().findFirst() : Optional.of(client.get(0));
    }

    private static void read(Map<String, String> env, List<String> client, List<String> admin) {
        client.addAll(checked("RAPPORT_CLIENT_KEYS", split(env.get("RAPPORT_CLIENT_KEYS")), Role.CLIENT));
        admin.addAll(checked("RAPPORT_ADMIN_KEYS", split(env.get("RAPPORT_ADMIN_KEYS")), Role.ADMIN));
        String file = env.get("RAPPORT_API_KEYS_FILE");
        if (file != null && !file.isBlank()) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(file.trim()), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("RAPPORT_API_KEYS_FILE: cannot read " + file, e);
            }
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String role = colon < 0 ? "" : line.substring(0, colon).strip();
                String key = colon < 0 ? "" : line.substring(colon + 1).strip();
                String source = "RAPPORT_API_KEYS_FILE line " + (n + 1);
                switch (role) {
                    case "client" -> client.addAll(checked(source, List.of(key), Role.CLIENT));
                    case "admin" -> admin.addAll(checked(source, List.of(key), Role.ADMIN));
                    default ->
                        throw new IllegalArgumentException(
                                "RAPPORT_API_KEYS_FILE line " + (n + 1) + ": must be client:KEY or admin:KEY");
                }
            }
        }
    }

    private static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return List.of(value.split(",")).stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** The keys, each checked, a bad one refused naming where it came from (never quoting it). */
    private static List<String> checked(String source, List<String> keys, Role role) {
        for (String key : keys) {
            if (!wellFormed(key)) {
                throw new IllegalArgumentException(source + ": " + keyRule(role));
            }
        }
        return keys;
    }

    private static boolean wellFormed(String key) {
        return key.length() >= MIN_KEY_LENGTH
                && key.length() <= MAX_KEY_LENGTH
                && key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static String keyRule(Role role) {
        return "a" + (role == Role.ADMIN ? "n " : " ") + role.name().toLowerCase() + " API key must be "
                + MIN_KEY_LENGTH + "–" + MAX_KEY_LENGTH + " printable ASCII characters without spaces";
    }

    private static Entry entry(String key, Role role) {
        if (!wellFormed(key)) {
            // The message never quotes the key.
            throw new IllegalArgumentException(keyRule(role));
        }
        byte[] digest = sha256(key);
        return new Entry(digest, role, HexFormat.of().formatHex(digest, 0, 6));
    }

    /** True when no key is configured: every request is let through as an anonymous client. */
    public boolean open() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /** The caller holding {@code presented}, or empty for an unknown key. Takes the same time for every key. */
    public Optional<Caller> authenticate(String presented) {
        if (presented == null || presented.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        Entry match = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest, digest) && match == null) {
                match = e;
            }
        }
        return match == null ? Optional.empty() : Optional.of(new Caller(match.role, match.keyId));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ApiKeys[" + entries.size() + " keys]";
    }
}
