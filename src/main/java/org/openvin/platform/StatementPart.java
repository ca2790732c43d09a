package org.openvin.platform;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * SQL one module lends to another's single statement, so that a use case can write its whole
 * change in one round trip (a booking: the capacity, the appointment, its audit row and its SMS)
 * while each table's SQL stays with the module that owns it. The part is an INSERT that the caller
 * places as a data-modifying CTE ({@code name AS (sql)}); it writes its row once if the caller's
 * CTE named {@code source} returned a row, and not at all if the change did nothing. Parameter
 * names carry the lending module's prefix, so parts of several modules do not clash.
 */
public record StatementPart(String sql, Map<String, Object> params) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** {@code WHERE EXISTS} on the caller's CTE; its name is checked because it is spliced into SQL. */
    public static String whenRowIn(String source) {
        if (source == null || !IDENTIFIER.matcher(source).matches()) {
            throw new IllegalArgumentException("Not a CTE name: " + source);
        }
        return " WHERE EXISTS (SELECT 1 FROM " + source + ")";
    }
}
