package org.openvin.platform;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * SQL one module lends to another's single statement, so that a use case can write its whole
 * change in one round trip (a booking: the capacity, the appointment, its audit row and its SMS; a
 * dose: the vaccination, the beneficiary's summary, the stock, the queued certificate and count)
 * while each table's SQL stays with the module that owns it. The part is an INSERT or UPDATE that
 * the caller places as a data-modifying CTE ({@code name AS (sql)}); it writes once if the
 * caller's CTE named {@code source} returned a row, and not at all if the change did nothing.
 * Parameter names carry the lending module's prefix, so parts of several modules do not clash.
 *
 * <p>A part with a {@code name} keeps it, so that the lender's next part (or the caller, when the
 * lender documents the name) can read what it returned; a part without one is named by the caller.
 */
public record StatementPart(String name, String sql, Map<String, Object> params) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public StatementPart {
        if (name != null) {
            checkIdentifier(name);
        }
    }

    public StatementPart(String sql, Map<String, Object> params) {
        this(null, sql, params);
    }

    /** {@code WHERE EXISTS} on the caller's CTE; its name is checked because it is spliced into SQL. */
    public static String whenRowIn(String source) {
        return " WHERE EXISTS (SELECT 1 FROM " + checkIdentifier(source) + ")";
    }

    /** As {@link #whenRowIn}, for a statement that has a WHERE clause of its own. */
    public static String andRowIn(String source) {
        return " AND EXISTS (SELECT 1 FROM " + checkIdentifier(source) + ")";
    }

    /** Appends the parts as CTEs ({@code ,\n name AS (sql)}), unnamed ones as {@code part_<i>}, and their parameters. */
    public static void appendAll(StringBuilder sql, Map<String, Object> params, List<StatementPart> parts) {
        for (int i = 0; i < parts.size(); i++) {
            StatementPart part = parts.get(i);
            sql.append(",\n").append(part.name() == null ? "part_" + i : part.name()).append(" AS (").append(part.sql()).append(')');
            part.params().forEach((key, value) -> {
                // Two parts with the same parameter name would silently write one's value in both.
                if (params.containsKey(key) && !Objects.equals(params.get(key), value)) {
                    throw new IllegalStateException("Two parts of one statement name the parameter " + key);
                }
                params.put(key, value);
            });
        }
    }

    private static String checkIdentifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a CTE name: " + name);
        }
        return name;
    }
}
