package io.rapport.rank;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.rapport.kafka.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One recommended item, a value with the accessors of a record.
 *
 * <p>Answers carry it as {@code {"itemId","score","coPurchases","reason"}}. The items of a ranked
 * list are cached and served many times, so each encodes itself once ({@link #json()}) and the
 * answers' JSON writes that text as it is ({@link Serializer}): the same bytes, without formatting
 * the score and escaping the reason on every request.
 *
 * @param itemId the item
 * @param score the ranking score: signed LLR for co-purchase answers, distinct buyers for popular ones
 * @param coPurchases distinct customers who bought both this item and the item asked about (0 for a
 *     popular answer)
 * @param reason a sentence a person can read, saying why the item is there
 */
@JsonSerialize(using = RankedItem.Serializer.class)
public final class RankedItem {
    private final String itemId;
    private final double score;
    private final double rankedBy;
    private final long coPurchases;
    private final String reason;
    private volatile SerializedString json; // encoded on first use; a race encodes it twice, the same

    public RankedItem(String itemId, double score, long coPurchases, String reason) {
        this(itemId, score, score, coPurchases, reason);
    }

    /**
     * @param score the score as answered (rounded for people)
     * @param rankedBy the score the item is ranked by ({@link #rankedBy}): the unrounded one, so that
     *     scores that round alike keep their order
     */
    public RankedItem(String itemId, double score, double rankedBy, long coPurchases, String reason) {
        this.itemId = itemId;
        this.score = score;
        this.rankedBy = rankedBy;
        this.coPurchases = coPurchases;
        this.reason = reason;
    }

    public String itemId() {
        return itemId;
    }

    public double score() {
        return score;
    }

    /** The unrounded score behind {@link #score}, by which lists are ranked; not answered. */
    public double rankedBy() {
        return rankedBy;
    }

    public long coPurchases() {
        return coPurchases;
    }

    public String reason() {
        return reason;
    }

    /** This item as the JSON object answers carry, encoded once. */
    public String json() {
        return encoded().getValue();
    }

    private SerializedString encoded() {
        SerializedString text = json;
        if (text == null) {
            text = new SerializedString(encode());
            text.asUnquotedUTF8(); // its bytes, kept: writing it is then a copy
            json = text;
        }
        return text;
    }

    // With the UTF-8 generator the answers are written with, which escapes characters outside the
    // Basic Multilingual Plane as escaped surrogate pairs: the text is then the bytes it will be written as.
    private String encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (reason == null ? 0 : reason.length()));
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("itemId", itemId);
            g.writeNumberField("score", score);
            g.writeNumberField("coPurchases", coPurchases);
            g.writeStringField("reason", reason);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Writes a {@link RankedItem} as its {@link #json()}. */
    static final class Serializer extends StdSerializer<RankedItem> {
        private static final long serialVersionUID = 1L;

        Serializer() {
            super(RankedItem.class);
        }

        @Override
        public void serialize(RankedItem item, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeRawValue(item.encoded());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RankedItem r
                && Double.compare(score, r.score) == 0
                && coPurchases == r.coPurchases
                && Objects.equals(itemId, r.itemId)
                && Objects.equals(reason, r.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(itemId, score, coPurchases, reason);
    }

    @Override
    public String toString() {
        return "RankedItem[itemId=" + itemId + ", score=" + score + ", coPurchases=" + coPurchases + ", reason="
                + reason + "]";
    }
}
