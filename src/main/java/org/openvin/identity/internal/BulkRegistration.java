package org.openvin.identity.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An administrator imports beneficiaries in bulk (a state's existing health-worker list, a
 * migration from another registry): every row is checked with the same rules as a citizen's own
 * registration, the same photo ID is never registered twice anywhere in the population, and an
 * account keeps the profile's limit.
 *
 * <p>One transaction per request holds it all. Rows are read as the body arrives, checked, hashed
 * and encrypted in Java on every core, and streamed with {@code COPY} into a temporary table
 * ({@code import_row}, dropped at commit). Then the accounts are created and locked, and one
 * {@code INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING} stores every staged row that is the
 * first of its photo ID in the file, not already registered, and within its account's limit. The
 * rows it did not store are the refusals, each answered with its line number, as are the rows
 * Java refused before {@code COPY}.
 */
@Service
class BulkRegistration {

    /** Lines checked together on all cores before they go to {@code COPY}. */
    static final int BATCH = 2_048;
    private static final JsonMapper json = JsonMapper.builder().build();

    record Rejected(int line, String errorCode, String error) {
    }

    record Result(int accepted, List<Rejected> rejected) {
    }

    /** A line of the body, or what became of it: a row for {@code COPY} or a refusal. */
    private record Line(int number, String text, String copyRow, Rejected rejected) {
    }

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final CountryProfile profile;
    private final PhotoIds photoIds;
    private final RegisteringBeneficiary registering;
    private final AuditTrail audit;
    private final TransactionTemplate transaction;

    BulkRegistration(JdbcClient jdbc, DataSource dataSource, CountryProfile profile, PhotoIds photoIds,
                     RegisteringBeneficiary registering, AuditTrail audit, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.profile = profile;
        this.photoIds = photoIds;
        this.registering = registering;
        this.audit = audit;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Reads CSV ({@code mobile,name,birth_year,gender_id,photo_id_type,photo_id_number}, an optional
     * header line) or NDJSON (one object per line with those fields), one beneficiary a line.
     */
    Result importLines(BufferedReader reader) throws IOException {
        List<Rejected> rejected = new ArrayList<>();
        Integer accepted;
        try {
            accepted = transaction.execute(status -> {
                try {
                    return store(reader, rejected);
                } catch (IOException e) {
                    throw new BodyUnreadable(e);
                }
            });
        } catch (BodyUnreadable e) {
            throw (IOException) e.getCause();
        }
        rejected.sort(Comparator.comparingInt(Rejected::line));
        return new Result(accepted == null ? 0 : accepted, rejected);
    }

    /** The request body broke off; the transaction rolls back and the client gets the I/O error. */
    private static final class BodyUnreadable extends RuntimeException {
        BodyUnreadable(IOException cause) {
            super(cause);
        }
    }

    private int store(BufferedReader reader, List<Rejected> rejected) throws IOException {
        CopyIn copy = null;
        int staged = 0;
        int lineNo = 0;
        List<Line> batch = new ArrayList<>(BATCH);
        boolean more = true;
        while (more) {
            String text = reader.readLine();
            more = text != null;
            if (more) {
                lineNo++;
                String stripped = text.strip();
                if (!stripped.isEmpty() && !(lineNo == 1 && stripped.toLowerCase().startsWith("mobile,"))) {
                    batch.add(new Line(lineNo, stripped, null, null));
                }
            }
            if (batch.size() == BATCH || (!more && !batch.isEmpty())) {
                // Checking, hashing and encryption are the Java cost of an import: spread them over the cores.
                List<Line> checked = IntStream.range(0, batch.size()).parallel().mapToObj(i -> check(batch.get(i))).toList();
                StringBuilder rows = new StringBuilder(checked.size() * 200);
                for (Line line : checked) {
                    if (line.rejected() != null) {
                        rejected.add(line.rejected());
                    } else {
                        rows.append(line.copyRow());
                        staged++;
                    }
                }
                if (!rows.isEmpty()) {
                    if (copy == null) {
                        copy = startCopy();
                    }
                    writeCopy(copy, rows);
                }
                batch.clear();
            }
        }
        if (copy == null) {
            return 0;
        }
        endCopy(copy);
        int accepted = insertStaged(staged, rejected);
        audit.record("BENEFICIARY_IMPORT", "beneficiaries:" + accepted, staged + " valid rows");
        return accepted;
    }

    private Line check(Line line) {
        try {
            return new Line(line.number(), null, copyRow(line.number(), line.text()), null);
        } catch (ApiException e) {
            return new Line(line.number(), null, null, new Rejected(line.number(), e.errorCode(), e.getMessage()));
        }
    }

    /** The line checked by the registration rules, sealed, as a row of {@code COPY}'s text format. */
    private String copyRow(int lineNo, String text) {
        String mobile;
        RegisteringBeneficiary.Registration registration;
        if (text.startsWith("{")) {
            JsonNode node;
            try {
                node = json.readTree(text);
            } catch (RuntimeException e) {
                throw ApiException.badRequest("BULK0001", "not a JSON object");
            }
            mobile = field(node, "mobile");
            registration = new RegisteringBeneficiary.Registration(field(node, "name"), field(node, "birth_year"),
                    integer(field(node, "gender_id"), "gender_id", "BENREG0004"),
                    integer(field(node, "photo_id_type"), "photo_id_type", "BENREG0007"),
                    field(node, "photo_id_number"), null, null);
        } else {
            String[] f = text.split(",", -1);
            if (f.length != 6) {
                throw ApiException.badRequest("BULK0001",
                        "expected 6 fields: mobile,name,birth_year,gender_id,photo_id_type,photo_id_number");
            }
            for (int i = 0; i < f.length; i++) {
                f[i] = unquote(f[i]);
            }
            mobile = f[0];
            registration = new RegisteringBeneficiary.Registration(f[1], f[2], integer(f[3], "gender_id", "BENREG0004"),
                    integer(f[4], "photo_id_type", "BENREG0007"), f[5], null, null);
        }
        if (mobile == null || !profile.isValidMobile(mobile)) {
            throw ApiException.badRequest("USRAUT0010", "Please enter a valid mobile number");
        }
        RegisteringBeneficiary.Valid v = registering.validate(registration);
        PhotoIds.Protected sealed = photoIds.protect(v.photoIdType(), v.photoIdNumber());
        StringBuilder row = new StringBuilder(200);
        row.append(lineNo).append('\t');
        copyText(row, mobile).append('\t');
        copyText(row, v.name()).append('\t');
        row.append(v.birthYear()).append('\t').append(v.genderId()).append('\t').append(v.photoIdType()).append('\t');
        copyText(row, sealed.hash()).append('\t');
        copyText(row, sealed.cipher()).append('\t');
        copyText(row, sealed.masked()).append('\t');
        row.append(RegisteringBeneficiary.newReferenceId()).append('\n');
        return row.toString();
    }

    /** A value in COPY's text format: the checks leave no tab or line break, but a backslash would be read as an escape. */
    private static StringBuilder copyText(StringBuilder row, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> row.append("\\\\");
                case '\t' -> row.append("\\t");
                case '\n' -> row.append("\\n");
                case '\r' -> row.append("\\r");
                default -> row.append(c);
            }
        }
        return row;
    }

    private static String field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asString().strip();
    }

    private static Integer integer(String text, String name, String code) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(code, name + " must be a number");
        }
    }

    private static String unquote(String s) {
        String t = s.strip();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    // ---------------------------------------------------------------- staging through COPY

    private CopyIn startCopy() {
        // Temporary: no WAL, seen by this transaction only, gone at commit.
        jdbc.sql("""
                CREATE TEMPORARY TABLE import_row (
                    line            INT  NOT NULL,
                    mobile          TEXT NOT NULL,
                    name            TEXT NOT NULL,
                    birth_year      INT  NOT NULL,
                    gender_id       INT  NOT NULL,
                    photo_id_type   INT  NOT NULL,
                    photo_id_hash   TEXT NOT NULL,
                    photo_id_cipher TEXT NOT NULL,
                    photo_id_masked TEXT NOT NULL,
                    reference_id    TEXT NOT NULL
                ) ON COMMIT DROP""").update();
        try {
            // The transaction's own connection, so that COPY fills the table the statements below read.
            Connection connection = DataSourceUtils.getConnection(dataSource);
            return connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY import_row FROM STDIN");
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into import_row could not start", e);
        }
    }

    private static void writeCopy(CopyIn copy, CharSequence rows) {
        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into import_row failed", e);
        }
    }

    private static void endCopy(CopyIn copy) {
        try {
            copy.endCopy();
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into import_row failed", e);
        }
    }

    /**
     * Creates and locks the staged rows' accounts, stores the rows that may be stored in one
     * statement and adds a refusal for each of the others; returns how many were stored.
     */
    private int insertStaged(int staged, List<Rejected> rejected) {
        jdbc.sql("ANALYZE import_row").update();
        // In mobile order, so that two imports sharing new mobiles wait for each other rather than deadlock.
        jdbc.sql("""
                INSERT INTO citizen_account (mobile)
                SELECT DISTINCT mobile FROM import_row ORDER BY mobile
                ON CONFLICT (mobile) DO NOTHING""").update();
        // Locked in id order: a citizen registering at the same moment cannot slip past the limit.
        jdbc.sql("""
                SELECT count(*) FROM (
                    SELECT a.id FROM citizen_account a WHERE a.mobile IN (SELECT mobile FROM import_row)
                    ORDER BY a.id FOR UPDATE) locked""").query(Long.class).single();
        int limit = profile.limits().beneficiariesPerAccount();
        List<Refusal> refusals = jdbc.sql("""
                        WITH account AS (
                            SELECT a.id, a.mobile,
                                   (SELECT count(*) FROM beneficiary b
                                    WHERE b.account_id = a.id AND b.deleted_at IS NULL) AS registered
                            FROM citizen_account a WHERE a.mobile IN (SELECT mobile FROM import_row)
                        ), first_in_file AS (
                            SELECT DISTINCT ON (photo_id_type, photo_id_hash) *
                            FROM import_row ORDER BY photo_id_type, photo_id_hash, line
                        ), candidate AS (
                            SELECT f.*, a.id AS account_id,
                                   a.registered + row_number() OVER (PARTITION BY a.id ORDER BY f.line) AS nth
                            FROM first_in_file f JOIN account a ON a.mobile = f.mobile
                            WHERE NOT EXISTS (SELECT 1 FROM beneficiary b
                                              WHERE b.photo_id_type = f.photo_id_type AND b.photo_id_hash = f.photo_id_hash
                                                AND b.deleted_at IS NULL)
                        ), stored AS (
                            INSERT INTO beneficiary (reference_id, account_id, name, birth_year, gender_id, photo_id_type,
                                                     photo_id_hash, photo_id_cipher, photo_id_masked)
                            SELECT reference_id, account_id, name, birth_year, gender_id, photo_id_type,
                                   photo_id_hash, photo_id_cipher, photo_id_masked
                            FROM candidate WHERE nth <= :limit
                            -- In photo-ID order: two imports of the same people wait for each other rather than deadlock.
                            ORDER BY photo_id_type, photo_id_hash
                            ON CONFLICT DO NOTHING
                            RETURNING reference_id
                        )
                        SELECT r.line, r.photo_id_type, r.photo_id_hash, c.nth > :limit AS over_limit, c.line IS NOT NULL AS candidate
                        FROM import_row r LEFT JOIN candidate c ON c.line = r.line
                        WHERE NOT EXISTS (SELECT 1 FROM stored s WHERE s.reference_id = r.reference_id)""")
                .param("limit", limit)
                .query((rs, i) -> new Refusal(rs.getInt("line"), rs.getBoolean("candidate"), rs.getBoolean("over_limit")))
                .list();
        int accepted = staged;
        List<Integer> conflicts = new ArrayList<>();
        for (Refusal r : refusals) {
            if (!r.candidate()) {
                accepted--;
                rejected.add(duplicate(r.line()));
            } else if (r.overLimit()) {
                accepted--;
                rejected.add(new Rejected(r.line(), "BENREG0001", "An account can register at most " + limit + " beneficiaries"));
            } else {
                conflicts.add(r.line());
            }
        }
        return accepted - storeConflicts(conflicts, rejected);
    }

    private record Refusal(int line, boolean candidate, boolean overLimit) {
    }

    /**
     * Rows the INSERT met a conflict for although they passed every check: someone registered the
     * same person meanwhile (now visible, a duplicate), or the random reference id was taken (drawn
     * again). Returns how many of these rows end up not stored.
     */
    private int storeConflicts(List<Integer> lines, List<Rejected> rejected) {
        int refused = 0;
        List<Integer> again = lines;
        for (int attempt = 0; attempt < 5 && !again.isEmpty(); attempt++) {
            List<Integer> taken = jdbc.sql("""
                            SELECT r.line FROM import_row r
                            WHERE r.line = ANY(:lines) AND EXISTS (
                                SELECT 1 FROM beneficiary b WHERE b.photo_id_type = r.photo_id_type
                                  AND b.photo_id_hash = r.photo_id_hash AND b.deleted_at IS NULL)""")
                    .param("lines", again.stream().mapToInt(Integer::intValue).toArray())
                    .query(Integer.class).list();
            taken.forEach(line -> rejected.add(duplicate(line)));
            refused += taken.size();
            List<Integer> redraw = again.stream().filter(line -> !taken.contains(line)).toList();
            if (redraw.isEmpty()) {
                return refused;
            }
            String[] refs = redraw.stream().map(line -> RegisteringBeneficiary.newReferenceId()).toArray(String[]::new);
            Map<String, Integer> lineOf = new HashMap<>();
            for (int i = 0; i < refs.length; i++) {
                lineOf.put(refs[i], redraw.get(i));
            }
            List<Integer> stored = jdbc.sql("""
                            INSERT INTO beneficiary (reference_id, account_id, name, birth_year, gender_id, photo_id_type,
                                                     photo_id_hash, photo_id_cipher, photo_id_masked)
                            SELECT fresh.reference_id, a.id, r.name, r.birth_year, r.gender_id, r.photo_id_type,
                                   r.photo_id_hash, r.photo_id_cipher, r.photo_id_masked
                            FROM unnest(:refs::text[], :lines::int[]) AS fresh(reference_id, line)
                            JOIN import_row r ON r.line = fresh.line
                            JOIN citizen_account a ON a.mobile = r.mobile
                            ON CONFLICT DO NOTHING
                            RETURNING reference_id""")
                    .param("refs", refs)
                    .param("lines", redraw.stream().mapToInt(Integer::intValue).toArray())
                    .query(String.class).list().stream().map(lineOf::get).toList();
            again = redraw.stream().filter(line -> !stored.contains(line)).toList();
        }
        if (!again.isEmpty()) {
            throw new IllegalStateException("Could not draw free reference ids");
        }
        return refused;
    }

    private static Rejected duplicate(int line) {
        return new Rejected(line, "BENREG0003",
                "This photo ID is already registered for another beneficiary. One person can be registered only once.");
    }
}
