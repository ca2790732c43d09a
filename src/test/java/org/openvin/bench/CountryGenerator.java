package org.openvin.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.openvin.scheduling.SlotLabels;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * A synthetic country at a chosen scale, the same rows for the same seed: centres spread over
 * the India profile's real districts, sessions (and their slots) for the next days, citizen
 * accounts and their beneficiaries. Written with PostgreSQL COPY. Session dates start on the
 * day of the run (in the profile's time zone), since past sessions cannot be booked; everything
 * else depends on the seed alone.
 *
 * <p>Generated photo IDs are placeholders ({@code bench-<n>}), never real numbers, and cannot
 * collide with an HMAC (hex) from the application.
 */
public final class CountryGenerator {

    public record Scale(long seed, int centres, int days, int beneficiaries) {
    }

    record District(int id, int stateId) {
    }

    /** Where the generated rows go: COPY into PostgreSQL, or a digest in the determinism test. */
    interface Sink {
        Writer open(String table, String columns) throws IOException;
    }

    public static final long FIRST_CENTRE = 1_000_000;
    public static final long FIRST_MOBILE = 7_000_000_000L;
    public static final long FIRST_REFERENCE = 10_000_000_000_000L;
    static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
    private static final String[] FIRST = {"Aarav", "Asha", "Bhavna", "Deepak", "Divya", "Farhan", "Gita", "Harish",
            "Imran", "Jaya", "Kavita", "Lakshmi", "Manoj", "Meena", "Naveen", "Pooja", "Rahul", "Ravi", "Sunita",
            "Suresh", "Tara", "Usha", "Vijay", "Zoya"};
    private static final String[] LAST = {"Sharma", "Patel", "Reddy", "Nair", "Iyer", "Khan", "Singh", "Das",
            "Gupta", "Joshi", "Kulkarni", "Mehta", "Pillai", "Rao", "Verma", "Yadav"};
    static final int PINCODES_PER_DISTRICT = 12;

    private final Scale scale;
    private final List<District> districts;
    private final List<String> vaccines;
    private final LocalDate firstDay;

    CountryGenerator(Scale scale, List<District> districts, List<String> vaccines, LocalDate firstDay) {
        this.scale = scale;
        this.districts = districts;
        this.vaccines = vaccines;
        this.firstDay = firstDay;
    }

    /** For the India profile shipped in the jar, with sessions from today. */
    public static CountryGenerator india(Scale scale) {
        return new CountryGenerator(scale, districts(), vaccines(), LocalDate.now(ZONE));
    }

    public int accounts() {
        return Math.max(1, (int) ((scale.beneficiaries() * 2L + 4) / 5));
    }

    /** The account of beneficiary n: families of two or three, never more than the profile's four. */
    static int accountOf(int n) {
        return (int) (n * 2L / 5);
    }

    public static String mobile(int account) {
        return String.valueOf(FIRST_MOBILE + account);
    }

    /** The pincodes of the district at this index (stable, valid: six digits, not starting 0). */
    public static String pincode(int districtIndex, int k) {
        return String.valueOf(110_000 + districtIndex * 100 + k);
    }

    public List<Integer> districtIds() {
        return districts.stream().map(District::id).toList();
    }

    /** Loads everything into the database and refreshes the planner's statistics. */
    public void load(Connection connection) throws SQLException, IOException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        connection.setAutoCommit(true);
        write(new Sink() {
            @Override
            public Writer open(String table, String columns) {
                try {
                    return new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(pg,
                            "COPY " + table + " (" + columns + ") FROM STDIN", 1 << 16), StandardCharsets.UTF_8), 1 << 16);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT setval('citizen_account_id_seq', (SELECT max(id) FROM citizen_account))");
            s.execute("ANALYZE");
        }
    }

    void write(Sink sink) throws IOException {
        SplittableRandom random = new SplittableRandom(scale.seed());
        writeCentres(sink, random.split());
        writeSessions(sink, random.split());
        writeAccounts(sink);
        writeBeneficiaries(sink, random.split());
    }

    private void writeCentres(Sink sink, SplittableRandom random) throws IOException {
        try (Writer w = sink.open("centre", "id, name, address, state_id, district_id, block_name, pincode, lat, lng, "
                + "opens_at, closes_at, fee_type, vaccine_fees")) {
            for (int i = 0; i < scale.centres(); i++) {
                int d = i % districts.size();
                District district = districts.get(d);
                boolean paid = random.nextInt(5) == 0;
                String vaccine = vaccines.get(i % vaccines.size());
                w.write((FIRST_CENTRE + i) + "\t" + (paid ? "Private Hospital " : "PHC ") + (i + 1) + "\tWard "
                        + (1 + random.nextInt(40)) + "\t" + district.stateId() + "\t" + district.id() + "\tBlock "
                        + (1 + random.nextInt(10)) + "\t" + pincode(d, random.nextInt(PINCODES_PER_DISTRICT)) + "\t"
                        + String.format("%.6f", 8 + random.nextDouble() * 26) + "\t"
                        + String.format("%.6f", 69 + random.nextDouble() * 27) + "\t09:00\t17:00\t"
                        + (paid ? "Paid\t{\"" + vaccine + "\": 780}" : "Free\t{}") + "\n");
            }
        }
    }

    private void writeSessions(Sink sink, SplittableRandom random) throws IOException {
        List<String> labels = SlotLabels.forDay(LocalTime.of(9, 0), LocalTime.of(17, 0));
        String labelArray = "{" + String.join(",", labels.stream().map(l -> "\"" + l + "\"").toList()) + "}";
        List<String> slotRows = new ArrayList<>();
        try (Writer w = sink.open("vaccination_session", "id, centre_id, session_date, vaccine, min_age, fee, "
                + "capacity_dose1, capacity_dose2, slot_labels")) {
            for (int i = 0; i < scale.centres(); i++) {
                String vaccine = vaccines.get(i % vaccines.size());
                for (int day = 0; day < scale.days(); day++) {
                    UUID id = new UUID(random.nextLong(), random.nextLong());
                    int dose1 = 50 + random.nextInt(151);
                    int dose2 = 20 + random.nextInt(81);
                    w.write(id + "\t" + (FIRST_CENTRE + i) + "\t" + firstDay.plusDays(day) + "\t" + vaccine + "\t"
                            + (random.nextInt(4) == 0 ? 45 : 18) + "\t0\t" + dose1 + "\t" + dose2 + "\t" + labelArray + "\n");
                    int[] shares = SlotLabels.share(dose1 + dose2, labels.size());
                    for (int p = 0; p < labels.size(); p++) {
                        slotRows.add(id + "\t" + p + "\t" + labels.get(p) + "\t" + shares[p] + "\n");
                    }
                }
            }
        }
        try (Writer w = sink.open("session_slot", "session_id, position, label, capacity")) {
            for (String row : slotRows) {
                w.write(row);
            }
        }
    }

    private void writeAccounts(Sink sink) throws IOException {
        try (Writer w = sink.open("citizen_account", "id, mobile")) {
            for (int a = 0; a < accounts(); a++) {
                w.write((a + 1) + "\t" + mobile(a) + "\n");
            }
        }
    }

    private void writeBeneficiaries(Sink sink, SplittableRandom random) throws IOException {
        try (Writer w = sink.open("beneficiary", "reference_id, account_id, name, birth_year, gender_id, photo_id_type, "
                + "photo_id_hash, photo_id_cipher, photo_id_masked")) {
            for (int n = 0; n < scale.beneficiaries(); n++) {
                String placeholder = "bench-" + n;
                w.write((FIRST_REFERENCE + n) + "\t" + (accountOf(n) + 1) + "\t" + FIRST[random.nextInt(FIRST.length)]
                        + " " + LAST[random.nextInt(LAST.length)] + "\t" + (1940 + random.nextInt(66)) + "\t"
                        + (1 + random.nextInt(2)) + "\t1\t" + placeholder + "\t" + placeholder + "\tXXXXXXXX"
                        + String.format("%04d", n % 10_000) + "\n");
            }
        }
    }

    /** The districts of the India profile, in file order (a line scan: the generator needs no Spring). */
    static List<District> districts() {
        List<District> result = new ArrayList<>();
        String section = "";
        Integer id = null;
        for (String line : profileLines()) {
            if (!line.startsWith(" ") && !line.startsWith("#") && line.contains(":")) {
                section = line.substring(0, line.indexOf(':'));
            }
            if (!section.equals("districts")) {
                continue;
            }
            String t = line.strip();
            if (t.startsWith("- id:")) {
                id = Integer.valueOf(t.substring(5).strip());
            } else if (t.startsWith("state_id:") && id != null) {
                result.add(new District(id, Integer.parseInt(t.substring(9).replaceAll("#.*", "").strip())));
                id = null;
            }
        }
        return result;
    }

    static List<String> vaccines() {
        List<String> result = new ArrayList<>();
        String section = "";
        for (String line : profileLines()) {
            if (!line.startsWith(" ") && !line.startsWith("#") && line.contains(":")) {
                section = line.substring(0, line.indexOf(':'));
            }
            if (section.equals("vaccines") && line.startsWith("  - name:")) {
                result.add(line.substring(9).strip());
            }
        }
        return result;
    }

    private static List<String> profileLines() {
        try (InputStream in = CountryGenerator.class.getResourceAsStream("/profiles/india.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
