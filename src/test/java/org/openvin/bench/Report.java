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
        // Issue #21: the database's own ceiling for the booking's SQL, and every write figure beside it.
        String spreadCeiling = r.get("dbceiling.spread.confirmed_per_s");
        String hotCeiling = r.get("dbceiling.hot.calls_per_s");
        if (r.containsKey("dbceiling.spread.confirmed_per_s")) {
            lines.add(new Line("DB ceiling, spread (plain JDBC, " + r.get("dbceiling.spread.citizens") + " bookings over "
                    + r.get("dbceiling.spread.sessions") + " sessions, " + r.get("dbceiling.concurrency") + " in flight)",
                    "confirmed/s (calls/s)", spreadCeiling + " (" + r.get("dbceiling.spread.calls_per_s") + ")", "", "", ""));
            lines.add(new Line("DB ceiling, spread", "p50 / p99 latency", ms(r, "dbceiling.spread"), "", "", ""));
            lines.add(new Line("DB ceiling, hot (" + r.get("dbceiling.hot.sessions") + " sessions, "
                    + r.get("dbceiling.hot.citizens") + " citizens x up to 5 tries)", "calls/s (confirmed/s)",
                    hotCeiling + " (" + r.get("dbceiling.hot.confirmed_per_s") + ")", "", "", ""));
            lines.add(new Line("DB ceiling, hot", "p50 / p99 latency", ms(r, "dbceiling.hot"), "", "", ""));
            if (r.containsKey("dbceiling.spread_bare.confirmed_per_s")) {
                lines.add(new Line("DB ceiling, spread, tables' triggers off (diagnosis: availability NOTIFY, FK checks)",
                        "confirmed/s (p50 / p99)", r.get("dbceiling.spread_bare.confirmed_per_s") + " ("
                        + ms(r, "dbceiling.spread_bare") + ")", "", "", ""));
            }
            lines.add(new Line("DB ceiling", "errors, overbooked (sanity)", r.get("dbceiling.spread.errors") + " + "
                    + r.get("dbceiling.hot.errors") + ", " + r.get("dbceiling.spread.overbooked") + " + "
                    + r.get("dbceiling.hot.overbooked"), "0", "0".equals(r.get("dbceiling.spread.errors"))
                    && "0".equals(r.get("dbceiling.hot.errors")) && "0".equals(r.get("dbceiling.spread.overbooked"))
                    && "0".equals(r.get("dbceiling.hot.overbooked")) ? "met" : "MISSED", ""));
        }
        if (r.containsKey("storm_spread.confirmed_per_s")) {
            String scaled = "10000".equals(r.get("storm_spread.citizens")) && "2000".equals(r.get("storm_spread.sessions"))
                    ? "" : ", SCALED from the issue's 10,000 / 2,000";
            String spread = "Booking storm, spread (" + r.get("storm_spread.citizens") + " citizens, "
                    + r.get("storm_spread.sessions") + " sessions, " + r.get("storm_spread.concurrency") + " in flight" + scaled + ")";
            lines.add(new Line(spread, "confirmed bookings/s (calls/s)", r.get("storm_spread.confirmed_per_s") + " ("
                    + r.get("storm_spread.requests_per_s") + ")", "", "", ""));
            String share = ratio(r.get("storm_spread.confirmed_per_s"), spreadCeiling);
            r.put("derived.storm_spread_confirmed_vs_db_pct", share.replace("%", ""));
            lines.add(new Line("Booking storm, spread", "confirmed/s ÷ DB spread ceiling", share, "50%+ (#21)",
                    percentAtLeast(share, 50), ""));
            if (r.containsKey("dbceiling.spread_bare.confirmed_per_s")) {
                String bare = ratio(r.get("storm_spread.confirmed_per_s"), r.get("dbceiling.spread_bare.confirmed_per_s"));
                r.put("derived.storm_spread_confirmed_vs_db_triggers_off_pct", bare.replace("%", ""));
                lines.add(new Line("Booking storm, spread", "confirmed/s ÷ DB spread, triggers off (diagnosis)", bare, "", "", ""));
            }
            lines.add(new Line("Booking storm, spread", "p50 / p99 latency", ms(r, "storm_spread"), "p99 ≤ 250 ms (#21)",
                    atMostInclusive(r.get("storm_spread.p99_ms"), 250), ""));
            lines.add(new Line("Booking storm, spread", "confirmed / places / citizens", r.get("storm_spread.confirmed") + " / "
                    + r.get("storm_spread.places") + " / " + r.get("storm_spread.citizens"), "", "", ""));
            lines.add(new Line("Booking storm, spread", "refused / errors", r.get("storm_spread.refused_full") + " / "
                    + r.get("storm_spread.errors"), "", "", ""));
            lines.add(new Line("Booking storm, spread", "bookings before the clock started (JIT warm-up, other sessions)",
                    r.getOrDefault("storm_spread.warmup_bookings", "0"), "", "", ""));
            lines.add(new Line("Booking storm, spread", "load generator's CPU while timed (client)",
                    r.getOrDefault("storm_spread.driver_cpu_s", "?") + " s (" + r.getOrDefault("driver.client", "jdk") + ")", "", "", ""));
            lines.add(new Line("Booking storm, spread", "overbooked (checked in SQL)", overbooked(r, "storm_spread"), "0",
                    overbookedVerdict(r, "storm_spread"), ""));
        }
        String hot = "Booking storm, hot";
        lines.add(new Line(r.containsKey("storm.sessions") ? hot + " (" + r.get("storm.sessions") + " sessions)" : hot, "confirmed bookings/s",
                r.getOrDefault("storm.confirmed_per_s", "n/a"), "3,000+ (#20)", atLeast(r.get("storm.confirmed_per_s"), 3_000), ""));
        lines.add(new Line(hot, "calls/s, refused included", r.getOrDefault("storm.requests_per_s", "n/a"), "", "", ""));
        if (hotCeiling != null) {
            String share = ratio(r.get("storm.requests_per_s"), hotCeiling);
            r.put("derived.storm_hot_calls_vs_db_pct", share.replace("%", ""));
            lines.add(new Line(hot, "calls/s ÷ DB hot ceiling", share, "30%+ (#21)", percentAtLeast(share, 30), ""));
            String confirmed = ratio(r.get("storm.confirmed_per_s"), r.get("dbceiling.hot.confirmed_per_s"));
            r.put("derived.storm_hot_confirmed_vs_db_pct", confirmed.replace("%", ""));
            lines.add(new Line(hot, "confirmed/s ÷ DB hot confirmed/s", confirmed, "", "", ""));
        }
        lines.add(new Line(hot, "p50 / p99 latency", ms(r, "storm"), "", "", ""));
        if (r.containsKey("storm.freshness_worst_lag_ms")) {
            String lag = r.get("storm.freshness_worst_lag_ms");
            lines.add(new Line(hot, "public answer behind SQL, worst (" + r.get("storm.freshness_probes") + " probes)",
                    lag + " ms", "≤ 1,000 ms", Double.parseDouble(lag) <= 1000 ? "met" : "MISSED", ""));
        }
        lines.add(new Line(hot, "confirmed / places / citizens",
                r.getOrDefault("storm.confirmed", "?") + " / " + r.getOrDefault("storm.places", "?") + " / "
                        + r.getOrDefault("storm.citizens", "?"), "", "", ""));
        lines.add(new Line(hot, "overbooked (checked in SQL)", overbooked(r, "storm"), "0", overbookedVerdict(r, "storm"), ""));
        lines.add(new Line("Vaccination day", "doses recorded + certificates/s",
                r.getOrDefault("vaccination.per_s", r.getOrDefault("vaccination.status", "n/a")), "800+ (#21); 2,000+ (#20)",
                r.containsKey("vaccination.per_s") ? atLeast(r.get("vaccination.per_s"), 800) + "; "
                        + atLeast(r.get("vaccination.per_s"), 2_000) : "not run",
                "800 vaccinations/s (fleet peak)"));
        if (spreadCeiling != null && r.containsKey("vaccination.per_s")) {
            String share = ratio(r.get("vaccination.per_s"), spreadCeiling);
            r.put("derived.vaccination_vs_db_spread_pct", share.replace("%", ""));
            lines.add(new Line("Vaccination day", "doses + certificates/s ÷ DB spread booking ceiling", share, "", "", ""));
        }
        lines.add(new Line("Vaccination day", "doses recorded/s (p50 / p99 ms)", r.getOrDefault("vaccination.recorded_per_s", "n/a")
                + " (" + r.getOrDefault("vaccination.p50_ms", "?") + " / " + r.getOrDefault("vaccination.p99_ms", "?") + ")", "", "", ""));
        lines.add(new Line("Vaccination day", "doses recorded before the clock started (JIT warm-up, other centres)",
                r.getOrDefault("vaccination.warmup_doses", "0"), "", "", ""));
        if (r.containsKey("vaccination.warmup_recorded_per_s")) {
            lines.add(new Line("Vaccination day", "doses recorded/s during that warm-up (JIT still compiling)",
                    r.get("vaccination.warmup_recorded_per_s"), "", "", ""));
        }
        lines.add(new Line("Vaccination day", "load generator's CPU while timed (client)",
                r.getOrDefault("vaccination.driver_cpu_s", "?") + " s (" + r.getOrDefault("driver.client", "jdk") + ")", "", "", ""));
        lines.add(new Line("Vaccination day", "recorded / posted / centres", r.getOrDefault("vaccination.recorded", "?") + " / "
                + r.getOrDefault("vaccination.doses", "?") + " / " + r.getOrDefault("vaccination.centres", "?"), "", "", ""));
        lines.add(new Line("Vaccination day", "certificate backlog when recording ended",
                r.getOrDefault("vaccination.backlog_when_recording_ended", "n/a"), "", "", ""));
        if (r.containsKey("vaccination.backlog_drain_s")) {
            String drain = r.get("vaccination.backlog_drain_s");
            lines.add(new Line("Vaccination day", "last certificate signed after the last acknowledgement",
                    drain.startsWith("-") ? "not within 120 s" : drain + " s", "≤ 2 s (#21)",
                    drain.startsWith("-") ? "MISSED" : atMostInclusive(drain, 2), ""));
        }
        lines.add(new Line("Vaccination day", "certificate backlog after run", r.getOrDefault("vaccination.backlog", "n/a"),
                "0", "0".equals(r.get("vaccination.backlog")) ? "met" : r.containsKey("vaccination.backlog") ? "MISSED" : "",
                ""));
        lines.add(new Line("Vaccination day", "doses recorded twice (checked in SQL)", r.getOrDefault("vaccination.doses_twice", "n/a"),
                "0", "0".equals(r.get("vaccination.doses_twice")) ? "met" : r.containsKey("vaccination.doses_twice") ? "MISSED" : "",
                ""));
        lines.add(new Line("Bulk registration import", "beneficiaries/s", r.getOrDefault("import.per_s", "n/a"),
                "100,000+ (#21); 50,000+ (#20)", atLeast(r.get("import.per_s"), 100_000) + "; "
                + atLeast(r.get("import.per_s"), 50_000), ""));
        lines.add(new Line("Bulk registration import", "rows imported before the clock started (JIT warm-up, other people)",
                r.getOrDefault("import.warmup_rows", "0"), "", "", ""));
        lines.add(new Line("Cold start, fresh embedded data dir", "seconds to ready", r.getOrDefault("cold.fresh_s", "n/a"),
                "< 10 s", atMost(r.get("cold.fresh_s"), 10), ""));
        lines.add(new Line("Cold start, existing data dir (loaded country)", "seconds to ready",
                r.getOrDefault("cold.existing_s", "n/a"), "< 10 s", atMost(r.get("cold.existing_s"), 10), ""));
        lines.add(new Line("Synthetic country load (COPY)", "rows/s", r.getOrDefault("data.load_rows_per_s", "n/a"), "",
                "", ""));

        // Issue #21's "done when", one line each; the verdicts go into the JSON too (target21.*).
        List<Line> issue21 = new ArrayList<>();
        issue21.add(target21(r, "spread_vs_db", "Spread storm confirmed/s ÷ DB spread ceiling",
                r.getOrDefault("storm_spread.confirmed_per_s", "?") + " ÷ " + r.getOrDefault("dbceiling.spread.confirmed_per_s", "?")
                        + " = " + pct(r.get("derived.storm_spread_confirmed_vs_db_pct"))
                        + (r.containsKey("derived.storm_spread_confirmed_vs_db_triggers_off_pct")
                        ? " (÷ " + r.get("dbceiling.spread_bare.confirmed_per_s") + " with the triggers off = "
                        + pct(r.get("derived.storm_spread_confirmed_vs_db_triggers_off_pct")) + ")" : ""), "≥ 50%",
                percentAtLeast(pct(r.get("derived.storm_spread_confirmed_vs_db_pct")), 50)));
        issue21.add(target21(r, "hot_vs_db", "Hot storm calls/s ÷ DB hot ceiling (calls/s)",
                r.getOrDefault("storm.requests_per_s", "?") + " ÷ " + r.getOrDefault("dbceiling.hot.calls_per_s", "?")
                        + " = " + pct(r.get("derived.storm_hot_calls_vs_db_pct")), "≥ 30%",
                percentAtLeast(pct(r.get("derived.storm_hot_calls_vs_db_pct")), 30)));
        issue21.add(target21(r, "spread_p99", "Spread storm p99", r.getOrDefault("storm_spread.p99_ms", "n/a") + " ms",
                "≤ 250 ms", atMostInclusive(r.get("storm_spread.p99_ms"), 250)));
        issue21.add(target21(r, "overbooked", "Overbooked sessions + slots, both storms (SQL)",
                overbooked(r, "storm_spread") + "; " + overbooked(r, "storm"), "0",
                r.containsKey("storm_spread.overbooked_sessions") ? worst(overbookedVerdict(r, "storm_spread"),
                        overbookedVerdict(r, "storm")) : "not run"));
        issue21.add(target21(r, "vaccination", "Vaccination day, doses with all their certificates/s",
                r.getOrDefault("vaccination.per_s", "n/a"), "≥ 800", atLeast(r.get("vaccination.per_s"), 800)));
        issue21.add(target21(r, "certificate_backlog", "Certificates signed after the last acknowledgement",
                r.getOrDefault("vaccination.backlog_drain_s", "n/a") + " s", "≤ 2 s",
                r.getOrDefault("vaccination.backlog_drain_s", "-").startsWith("-") ? "not run or MISSED"
                        : atMostInclusive(r.get("vaccination.backlog_drain_s"), 2)));
        issue21.add(target21(r, "doses_twice", "Doses recorded twice (SQL)", r.getOrDefault("vaccination.doses_twice", "n/a"),
                "0", "0".equals(r.get("vaccination.doses_twice")) ? "met" : r.containsKey("vaccination.doses_twice") ? "MISSED" : "not run"));
        issue21.add(target21(r, "import", "Bulk import, beneficiaries/s", r.getOrDefault("import.per_s", "n/a"), "≥ 100,000",
                atLeast(r.get("import.per_s"), 100_000)));
        boolean durable = "on".equals(r.get("db.fsync")) && "on".equals(r.get("db.synchronous_commit"))
                && "on".equals(r.get("db.full_page_writes"));
        issue21.add(target21(r, "durable", "Durable (fsync, synchronous_commit, full_page_writes read back)",
                r.getOrDefault("db.fsync", "?") + ", " + r.getOrDefault("db.synchronous_commit", "?") + ", "
                        + r.getOrDefault("db.full_page_writes", "?"), "on, on, on", durable ? "met" : "MISSED"));

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
                .append(", commit_delay=").append(r.getOrDefault("db.commit_delay", "?"))
                .append(", commit_siblings=").append(r.getOrDefault("db.commit_siblings", "?"))
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
        if (r.containsKey("run.seconds")) {
            out.append("Whole run: ").append(r.get("run.seconds")).append(" s.\n");
        }
        out.append("Load generator on the same machine: wrk ").append(r.getOrDefault("search.wrk", "")).append(".\n\n");
        out.append("| scenario | figure | result | target | verdict | CoWIN published |\n|---|---|---|---|---|---|\n");
        for (Line l : lines) {
            out.append("| ").append(l.scenario()).append(" | ").append(l.figure()).append(" | ").append(l.value())
                    .append(" | ").append(l.target()).append(" | ").append(l.verdict()).append(" | ").append(l.cowin())
                    .append(" |\n");
        }
        out.append("\n## Issue #21: write paths at the database's speed\n\n");
        out.append("The DB ceiling is the booking's capacity SQL (appointment INSERT, conditional UPDATE of session and slot, ")
                .append("durable commit, synchronous_commit=").append(r.getOrDefault("dbceiling.synchronous_commit", "?"))
                .append(") from a plain JDBC loop on the same database, just before the storms, ")
                .append(r.getOrDefault("dbceiling.concurrency", "?")).append(" connections in flight.\n\n");
        out.append("| target | result | wanted | verdict |\n|---|---|---|---|\n");
        for (Line l : issue21) {
            out.append("| ").append(l.scenario()).append(" | ").append(l.value()).append(" | ").append(l.target())
                    .append(" | ").append(l.verdict()).append(" |\n");
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

    private static Line target21(Map<String, String> r, String key, String what, String value, String wanted, String verdict) {
        r.put("target21." + key, verdict);
        return new Line(what, "", value, wanted, verdict, "");
    }

    private static String overbooked(Map<String, String> r, String prefix) {
        return r.containsKey(prefix + ".overbooked_sessions")
                ? r.get(prefix + ".overbooked_sessions") + " sessions, " + r.get(prefix + ".overbooked_slots") + " slots" : "n/a";
    }

    private static String overbookedVerdict(Map<String, String> r, String prefix) {
        if (!r.containsKey(prefix + ".overbooked_sessions")) {
            return "not run";
        }
        return "0".equals(r.get(prefix + ".overbooked_sessions")) && "0".equals(r.get(prefix + ".overbooked_slots"))
                && "0".equals(r.get(prefix + ".counter_mismatches")) ? "met" : "MISSED";
    }

    private static String worst(String a, String b) {
        return a.equals("met") ? b : a;
    }

    private static String pct(String number) {
        return number == null || number.equals("n/a") ? "n/a" : number + "%";
    }

    private static String percentAtLeast(String percent, double target) {
        return atLeast(percent == null ? null : percent.replace("%", ""), target);
    }

    private static String atMostInclusive(String value, double target) {
        try {
            return Double.parseDouble(value) <= target ? "met" : "missed";
        } catch (RuntimeException e) {
            return "not run";
        }
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
