package org.openvin.reporting.internal;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.stream.Collectors;

/** Records to CSV: a header from the record's component names, RFC 4180 quoting. */
final class Csv {

    private Csv() {
    }

    static String of(List<? extends Record> rows, Class<? extends Record> type) {
        RecordComponent[] components = type.getRecordComponents();
        StringBuilder csv = new StringBuilder();
        csv.append(java.util.Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.joining(",")))
                .append("\r\n");
        for (Record row : rows) {
            for (int i = 0; i < components.length; i++) {
                if (i > 0) {
                    csv.append(',');
                }
                try {
                    csv.append(field(components[i].getAccessor().invoke(row)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            csv.append("\r\n");
        }
        return csv.toString();
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        // Spreadsheet formula injection: a cell starting with = + - @ is neutralised.
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !text.matches("-?\\d+(\\.\\d+)?")) {
            return "'" + text;
        }
        return text;
    }
}
