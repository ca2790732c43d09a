package org.openvin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The results file ({@code key=value} lines) as a Markdown table next to the targets, and as JSON. */
final class Report {

    private Report() {
    }

    private record Line(String scenario, String figure, String value, String target, String verdict, String cowin) {
    }

    static void write(Path results, Path md, Path json) throws IOException {
        Map<String, String> r = new LinkedHashMap<>();
        for (String line : Files.readAllLines(results)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                r.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("Public search (wrk, mix)", "requests/s", r.getOrDefault("search.rps", "n/a"), "20,000+",
                atLeast(r.get("search.rps"), 20_000), "55,000 req/s (fleet peak)"));
        lines.add(new Line("Public search (wrk, mix)", "p50 / p99 latency", ms(r, "search"), "", "", ""));
        lines.add(new Line("Ceiling: GET /api/v2/public/ping", "requests/s", r.getOrDefault("ceiling.rps", "n/a"), "", "", ""));
        lines.add(new Line("Ceiling: GET /api/v2/public/ping", "p50 / p99 latency", ms(r, "ceiling"), "", "", ""));
        String ratio = ratio(r.get("search.rps"), r.get("ceiling.rps"));
        lines.add(new Line("Public search", "search / ceiling", ratio, "90%+",
                ratio.equals("n/a") ? "" : atLeast(ratio.replace("%", ""), 90), ""));
        if (r.containsKey("search_skewed.rps")) {
            String skewed = ratio(r.get("search_skewed.rps"), r.get("ceiling.rps"));
            lines.add(new Line("Public search, skewed mix (Zipf, gzip)", "requests/s", r.get("search_skewed.rps"), "", "", ""));
            lines.add(new Line("Public search, skewed mix (Zipf, gzip)", "p50 / p99 latency", ms(r, "search_skewed"), "", "", ""));
            lines.add(new Line("Public search, skewed mix", "skewed / ceiling", skewed, "70%+",
                    skewed.equals("n/a") ? "" : atLeast(skewed.replace("%", ""), 70), ""));
        }
        lines.add(new Line("Booking storm", "confirmed bookings/s", r.getOrDefault("storm.confirmed_per_s", "n/a"), "3,000+",
                atLeast(r.get("storm.confirmed_per_s"), 3_000), ""));
        lines.add(new Line("Booking storm", "p50 / p99 latency", ms(r, "storm"), "", "", ""));
        if (r.containsKey("storm.freshness_worst_lag_ms")) {
            String lag = r.get("storm.freshness_worst_lag_ms");
            lines.add(new Line("Booking storm", "public answer behind SQL, worst (" + r.get("storm.freshness_probes") + " probes)",
                    lag + " ms", "≤ 1,000 ms", Double.parseDouble(lag) <= 1000 ? "met" : "MISSED", ""));
        }
        lines.add(new Line("Booking storm", "confirmed / places / citizens",
                r.getOrDefault("storm.confirmed", "?") + " / " + r.getOrDefault("storm.places", "?") + " / "
                        + r.getOrDefault("storm.citizens", "?"), "", "", ""));
        String overbooked = r.containsKey("storm.overbooked_sessions")
                ? r.get("storm.overbooked_sessions") + " sessions, " + r.get("storm.overbooked_slots") + " slots" : "n/a";
        lines.add(new Line("Booking storm", "overbooked (checked in SQL)", overbooked, "0",
                "0".equals(r.get("storm.overbooked_sessions")) && "0".equals(r.get("storm.overbooked_slots"))
                        && "0".equals(r.get("storm.counter_mismatches")) ? "met" : "MISSED", ""));
        lines.add(new Line("Vaccination day", "doses recorded + certificates/s",
                r.getOrDefault("vaccination.per_s", r.getOrDefault("vaccination.status", "n/a")), "2,000+",
                r.containsKey("vaccination.per_s") ? atLeast(r.get("vaccination.per_s"), 2_000) : "not run",
                "800 vaccinations/s (fleet peak)"));
        lines.add(new Line("Vaccination day", "doses recorded/s (p50 / p99 ms)", r.getOrDefault("vaccination.recorded_per_s", "n/a")
                + " (" + r.getOrDefault("vaccination.p50_ms", "?") + " / " + r.getOrDefault("vaccination.p99_ms", "?") + ")", "", "", ""));
        lines.add(new Line("Vaccination day", "recorded / posted / centres", r.getOrDefault("vaccination.recorded", "?") + " / "
                + r.getOrDefault("vaccination.doses", "?") + " / " + r.getOrDefault("vaccination.centres", "?"), "", "", ""));
        lines.add(new Line("Vaccination day", "certificate backlog when recording ended",
                r.getOrDefault("vaccination.backlog_when_recording_ended", "n/a"), "", "", ""));
        lines.add(new Line("Vaccination day", "certificate backlog after run", r.getOrDefault("vaccination.backlog", "n/a"),
                "0", "0".equals(r.get("vaccination.backlog")) ? "met" : r.containsKey("vaccination.backlog") ? "MISSED" : "",
                ""));
        lines.add(new Line("Vaccination day", "doses recorded twice (checked in SQL)", r.getOrDefault("vaccination.doses_twice", "n/a"),
                "0", "0".equals(r.get("vaccination.doses_twice")) ? "met" : r.containsKey("vaccination.doses_twice") ? "MISSED" : "",
                ""));
        lines.add(new Line("Bulk registration import", "beneficiaries/s", r.getOrDefault("import.per_s", "n/a"), "50,000+",
                atLeast(r.get("import.per_s"), 50_000), ""));
        lines.add(new Line("Cold start, fresh embedded data dir", "seconds to ready", r.getOrDefault("cold.fresh_s", "n/a"),
                "< 10 s", atMost(r.get("cold.fresh_s"), 10), ""));
        lines.add(new Line("Cold start, existing data dir (loaded country)", "seconds to ready",
                r.getOrDefault("cold.existing_s", "n/a"), "< 10 s", atMost(r.get("cold.existing_s"), 10), ""));
        lines.add(new Line("Synthetic country load (COPY)", "rows/s", r.getOrDefault("data.load_rows_per_s", "n/a"), "",
                "", ""));

        StringBuilder out = new StringBuilder();
        out.append("# OpenVIN benchmark, ").append(r.getOrDefault("run.date", "?")).append(" (")
                .append(r.getOrDefault("run.mode", "?")).append(" mode)\n\n");
        out.append("Machine: ").append(r.getOrDefault("machine.cpus", "?")).append(" CPUs (")
                .append(r.getOrDefault("machine.cpu", "?")).append("), ").append(r.getOrDefault("machine.memory", "?"))
                .append(" memory, ").append(r.getOrDefault("machine.jdk", "?")).append("; database: ")
                .append(r.getOrDefault("run.database", "?")).append(".\n");
        out.append("Database as it reports itself (SHOW): PostgreSQL ").append(r.getOrDefault("db.server_version", "?"))
                .append(", fsync=").append(r.getOrDefault("db.fsync", "?"))
                .append(", synchronous_commit=").append(r.getOrDefault("db.synchronous_commit", "?"))
                .append(", full_page_writes=").append(r.getOrDefault("db.full_page_writes", "?"))
                .append(", shared_buffers=").append(r.getOrDefault("db.shared_buffers", "?")).append(".\n");
        out.append("Data: ").append(r.getOrDefault("data.centres", "?")).append(" centres over ")
                .append(r.getOrDefault("data.districts", "?")).append(" districts, ")
                .append(r.getOrDefault("data.sessions", "?")).append(" sessions, ")
                .append(r.getOrDefault("data.beneficiaries", "?")).append(" beneficiaries in ")
                .append(r.getOrDefault("data.accounts", "?")).append(" accounts (seed ")
                .append(r.getOrDefault("data.seed", "?")).append(", loaded in ")
                .append(r.getOrDefault("data.load_seconds", "?")).append(" s).\n");
        out.append("Load average before / after the run: ").append(r.getOrDefault("machine.load_before", "?"))
                .append(" / ").append(r.getOrDefault("machine.load_after", "?"))
                .append(" (anything well above 0 means other work shared the 2 cores and the figures are low).\n");
        out.append("Load generator on the same machine: wrk ").append(r.getOrDefault("search.wrk", "")).append(".\n\n");
        out.append("| scenario | figure | result | target | verdict | CoWIN published |\n|---|---|---|---|---|---|\n");
        for (Line l : lines) {
            out.append("| ").append(l.scenario()).append(" | ").append(l.figure()).append(" | ").append(l.value())
                    .append(" | ").append(l.target()).append(" | ").append(l.verdict()).append(" | ").append(l.cowin())
                    .append(" |\n");
        }
        Files.writeString(md, out);
        System.out.println();
        System.out.print(out);

        StringBuilder j = new StringBuilder("{\n");
        int i = 0;
        for (var e : r.entrySet()) {
            j.append("  \"").append(escape(e.getKey())).append("\": ").append(jsonValue(e.getValue()))
                    .append(++i < r.size() ? ",\n" : "\n");
        }
        Files.writeString(json, j.append("}\n"));
    }

    private static String ms(Map<String, String> r, String prefix) {
        return r.containsKey(prefix + ".p50_ms")
                ? r.get(prefix + ".p50_ms") + " ms / " + r.get(prefix + ".p99_ms") + " ms" : "n/a";
    }

    private static String ratio(String search, String ceiling) {
        try {
            return Math.round(100 * Double.parseDouble(search) / Double.parseDouble(ceiling)) + "%";
        } catch (RuntimeException e) {
            return "n/a";
        }
    }

    private static String atLeast(String value, double target) {
        try {
            return Double.parseDouble(value) >= target ? "met" : "missed";
        } catch (RuntimeException e) {
            return "not run";
        }
    }

    private static String atMost(String value, double target) {
        try {
            return Double.parseDouble(value) < target ? "met" : "missed";
        } catch (RuntimeException e) {
            return "not run";
        }
    }

    private static String jsonValue(String v) {
        return v.matches("-?[0-9]+(\\.[0-9]+)?") ? v : "\"" + escape(v) + "\"";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
