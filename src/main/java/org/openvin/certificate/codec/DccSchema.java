package org.openvin.certificate.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The structural rules of the EU DCC JSON schema (1.x) that a verifier must enforce: the required
 * fields, one certificate group with one entry, the birth date and transliteration formats. It
 * is not a full JSON Schema validator; value sets (vaccine codes etc.) are business rules.
 */
public final class DccSchema {

    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final Pattern BIRTH_DATE = Pattern.compile("(\\d{4}(-\\d{2}(-\\d{2})?)?)?");
    private static final Pattern TRANSLITERATED = Pattern.compile("[A-Z<]*");
    private static final Map<String, List<String>> REQUIRED_BY_GROUP = Map.of(
            "v", List.of("tg", "vp", "mp", "ma", "dn", "sd", "dt", "co", "is", "ci"),
            "t", List.of("tg", "tt", "sc", "tr", "co", "is", "ci"),
            "r", List.of("tg", "fr", "co", "is", "df", "du", "ci"));

    private DccSchema() {
    }

    /** @return the rules the payload breaks, empty when it conforms */
    public static List<String> violations(JsonNode dcc) {
        List<String> problems = new ArrayList<>();
        if (dcc == null || !dcc.isObject()) {
            return List.of("payload is not a JSON object");
        }
        if (!dcc.path("ver").isString() || !VERSION.matcher(dcc.path("ver").asString()).matches()) {
            problems.add("ver missing or not x.y.z");
        }
        JsonNode name = dcc.path("nam");
        if (!name.isObject()) {
            problems.add("nam missing");
        } else {
            if (!name.has("fnt") && !name.has("gnt")) {
                problems.add("nam needs fnt or gnt");
            }
            for (String field : List.of("fnt", "gnt")) {
                if (name.has(field) && !(name.get(field).isString()
                        && TRANSLITERATED.matcher(name.get(field).asString()).matches()
                        && name.get(field).asString().length() <= 80)) {
                    problems.add("nam." + field + " must match ^[A-Z<]*$ and be at most 80 characters");
                }
            }
        }
        if (!dcc.path("dob").isString() || !BIRTH_DATE.matcher(dcc.path("dob").asString()).matches()) {
            problems.add("dob missing or not YYYY, YYYY-MM or YYYY-MM-DD");
        }
        List<String> groups = REQUIRED_BY_GROUP.keySet().stream().filter(dcc::has).sorted().toList();
        if (groups.size() != 1) {
            problems.add("exactly one of v, t, r required, found " + groups);
            return problems;
        }
        String group = groups.getFirst();
        JsonNode entries = dcc.get(group);
        if (!entries.isArray() || entries.size() != 1) {
            problems.add(group + " must hold exactly one entry");
            return problems;
        }
        for (String field : REQUIRED_BY_GROUP.get(group)) {
            if (!entries.get(0).has(field)) {
                problems.add(group + "[0]." + field + " missing");
            }
        }
        return problems;
    }
}
