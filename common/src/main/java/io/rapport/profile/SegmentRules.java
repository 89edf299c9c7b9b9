package io.rapport.profile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configured named segments, in the order given. Immutable and thread-safe.
 *
 * <p>Configuration text lists {@code name: rule} entries separated by {@code ;} (see {@link
 * SegmentRule} for the rule language); {@link #DEFAULTS} are:
 *
 * <pre>
 * champions: R&gt;=4 and F&gt;=4; at_risk: R&lt;=2 and F&gt;=3 and orders &gt;= 2 and recencyDays &gt;= 30; new: orders == 1 and recencyDays &lt;= 30;
 * big_spenders: monetary &gt;= 500
 * </pre>
 */
public final class SegmentRules {
    /** The default segments' configuration text. */
    public static final String DEFAULT_TEXT =
            "champions: R>=4 and F>=4; at_risk: R<=2 and F>=3 and orders >= 2 and recencyDays >= 30; "
                    + "new: orders == 1 and recencyDays <= 30; big_spenders: monetary >= 500";

    public static final SegmentRules DEFAULTS = parse(DEFAULT_TEXT);

    private final List<SegmentRule> rules;

    private SegmentRules(List<SegmentRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Reads {@code name: rule; name: rule; …}.
     *
     * @throws IllegalArgumentException for an entry it cannot read, a bad rule or a repeated name
     */
    public static SegmentRules parse(String text) {
        List<SegmentRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("segment entry '" + entry.trim() + "' must be NAME: RULE");
            }
            SegmentRule rule = SegmentRule.parse(entry.substring(0, colon).trim(), entry.substring(colon + 1));
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("segment " + rule.name() + " is defined twice");
            }
            rules.add(rule);
        }
        return new SegmentRules(rules);
    }

    public List<SegmentRule> rules() {
        return rules;
    }

    /** Names of the segments the customer is in, in configuration order. */
    public List<String> matching(SegmentFacts facts) {
        List<String> names = new ArrayList<>();
        for (SegmentRule rule : rules) {
            if (rule.matches(facts)) {
                names.add(rule.name());
            }
        }
        return names;
    }

    /** Segment name to definition, in configuration order. */
    public Map<String, String> definitions() {
        Map<String, String> definitions = new LinkedHashMap<>();
        rules.forEach(r -> definitions.put(r.name(), r.definition()));
        return definitions;
    }
}
