package io.rapport.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named customer segment defined by a rule: comparisons joined by {@code and}, e.g. {@code R>=4
 * and F>=4} or {@code orders == 1 and recencyDays <= 30}. A profile is in the segment when every
 * comparison holds. Immutable and thread-safe.
 *
 * <p>Fields: {@code R}, {@code F}, {@code M} (RFM quintile scores 1–5), {@code recencyDays}, {@code
 * orders} (also {@code frequency}), {@code monetary}, {@code aov}, {@code itemsBought}, {@code
 * cartItems}, {@code feedbackCount}, {@code averageRating}, compared with {@code < <= > >= == !=} to a
 * number; and {@code stage}, compared with {@code ==} or {@code !=} to a journey stage's wire name. A
 * comparison with a value the customer does not have (RFM, recency and AOV without orders, a rating
 * without feedback) is false.
 */
public final class SegmentRule {
    private static final Pattern COMPARISON =
            Pattern.compile("\\s*([A-Za-z]+)\\s*(<=|>=|==|!=|<|>)\\s*([A-Za-z_]+|-?[0-9]+(?:\\.[0-9]+)?)\\s*");
    private static final Pattern AND = Pattern.compile("(?i)\\s+and\\s+");
    private static final Map<String, Function<SegmentFacts, Double>> NUMBERS = Map.ofEntries(
            Map.entry("R", f -> f.rfm() == null ? null : (double) f.rfm().recency()),
            Map.entry("F", f -> f.rfm() == null ? null : (double) f.rfm().frequency()),
            Map.entry("M", f -> f.rfm() == null ? null : (double) f.rfm().monetary()),
            Map.entry("recencyDays", f -> f.recencyDays() == null ? null : (double) f.recencyDays()),
            Map.entry("orders", f -> (double) f.profile().orders()),
            Map.entry("frequency", f -> (double) f.profile().orders()),
            Map.entry("monetary", f -> Money.cents(f.profile().monetary())), // as the profile shows it
            Map.entry(
                    "aov",
                    f -> Money.average(f.profile().monetary(), f.profile().orders())),
            Map.entry("itemsBought", f -> (double) f.profile().itemsBought()),
            Map.entry("cartItems", f -> (double) f.profile().cart().size()),
            Map.entry("feedbackCount", f -> (double) f.profile().feedback().count()),
            Map.entry("averageRating", f -> f.profile().feedback().averageRating()));
    private static final String STAGE = "stage";

    private final String name;
    private final String definition;
    private final List<Condition> conditions;
    private final Set<String> fields;

    private SegmentRule(String name, String definition, List<Condition> conditions, Set<String> fields) {
        this.name = name;
        this.definition = definition;
        this.conditions = conditions;
        this.fields = fields;
    }

    /**
     * Parses a rule.
     *
     * @throws IllegalArgumentException naming the segment and the part it cannot read
     */
    public static SegmentRule parse(String name, String definition) {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("segment name '" + name + "' must be 1-64 letters, digits, _ or -");
        }
        if (definition == null || definition.isBlank()) {
            throw new IllegalArgumentException("segment " + name + ": the definition is empty");
        }
        List<Condition> conditions = new ArrayList<>();
        Set<String> fields = new TreeSet<>();
        for (String part : AND.split(definition.trim())) {
            conditions.add(condition(name, part));
            Matcher m = COMPARISON.matcher(part);
            if (m.matches()) {
                fields.add(m.group(1));
            }
        }
        return new SegmentRule(name, definition.trim(), List.copyOf(conditions), Set.copyOf(fields));
    }

    private static Condition condition(String segment, String text) {
        Matcher m = COMPARISON.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "segment " + segment + ": cannot read '" + text.trim() + "', expected FIELD OP VALUE such as R>=4");
        }
        String field = m.group(1);
        String op = m.group(2);
        String value = m.group(3);
        if (field.equals(STAGE)) {
            if (!op.equals("==") && !op.equals("!=")) {
                throw new IllegalArgumentException("segment " + segment + ": stage takes only == or !=");
            }
            JourneyStage stage = stageOf(segment, value);
            boolean equal = op.equals("==");
            return facts -> (facts.profile().journeyStage() == stage) == equal;
        }
        Function<SegmentFacts, Double> getter = NUMBERS.get(field);
        if (getter == null) {
            throw new IllegalArgumentException("segment " + segment + ": unknown field '" + field + "'; known: "
                    + String.join(", ", new TreeSet<>(NUMBERS.keySet())) + ", stage");
        }
        double bound;
        try {
            bound = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("segment " + segment + ": '" + value + "' is not a number");
        }
        return facts -> {
            Double actual = getter.apply(facts);
            return actual != null && compare(actual, op, bound);
        };
    }

    private static JourneyStage stageOf(String segment, String value) {
        try {
            return JourneyStage.fromWireName(value.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("segment " + segment + ": " + e.getMessage());
        }
    }

    private static boolean compare(double actual, String op, double bound) {
        return switch (op) {
            case "<" -> actual < bound;
            case "<=" -> actual <= bound;
            case ">" -> actual > bound;
            case ">=" -> actual >= bound;
            case "==" -> actual == bound;
            default -> actual != bound;
        };
    }

    public String name() {
        return name;
    }

    /** The fields the rule reads, e.g. {@code [F, R]} for {@code R>=4 and F>=4}. */
    public Set<String> fields() {
        return fields;
    }

    /** The rule as configured. */
    public String definition() {
        return definition;
    }

    /** Whether the customer described by {@code facts} is in the segment. */
    public boolean matches(SegmentFacts facts) {
        for (Condition c : conditions) {
            if (!c.test(facts)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name + ": " + definition;
    }

    private interface Condition {
        boolean test(SegmentFacts facts);
    }
}
