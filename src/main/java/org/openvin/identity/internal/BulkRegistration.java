package org.openvin.identity.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.platform.SidePool;
import org.openvin.profile.CountryProfile;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An administrator imports beneficiaries in bulk (a state's existing health-worker list, a
 * migration from another registry): every row is checked with the same rules as a citizen's own
 * registration, the same photo ID is never registered twice anywhere in the population, and an
 * account keeps the profile's limit.
 *
 * <p>Rows are read as the body arrives, checked, hashed and encrypted in Java on every core; a
 * later line with a photo ID an earlier line already has is refused there. The others are
 * streamed with {@code COPY} into a temporary table ({@code import_row}) on a connection the
 * request keeps to itself, from the imports' own pool; a first transaction holds the
 * {@code COPY} and creates the missing accounts. Then one
 * {@code INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING} per transaction stores the staged
 * rows within their account's limit, with the accounts locked: first the
 * accounts no one else holds (a second transaction), then, if another import or a registration
 * held some, those once free (a third). A row the INSERT did not store is a person registered
 * already (the conflict), or over the limit; each refusal is answered with its line number.
 */
@Service
class BulkRegistration implements DisposableBean {

    /** Lines checked together on all cores before they go to {@code COPY}. */
    static final int BATCH = 2_048;
    private static final JsonMapper json = JsonMapper.builder().build();

    record Rejected(int line, String errorCode, String error) {
    }

    record Result(int accepted, List<Rejected> rejected) {
    }

    /** A line of the body, or what became of it: a row for {@code COPY} (all but its last column) or a refusal. */
    private record Line(int number, String text, Staged staged, Rejected rejected) {
    }

    private record Staged(String mobile, String photoId, String copyRow) {
    }

    /**
     * The imports' own connections ({@code openvin.import.pool-size}): an import holds one while
     * its body arrives, minutes for a large file on a slow link, so imports wait for imports and
     * never for (or instead of) the requests of the main pool.
     */
    private final SidePool pool;
    private final CountryProfile profile;
    private final PhotoIds photoIds;
    private final RegisteringBeneficiary registering;
    private final AuditTrail audit;

    BulkRegistration(DataSource dataSource, @Value("${openvin.import.pool-size:4}") int poolSize, CountryProfile profile,
                     PhotoIds photoIds, RegisteringBeneficiary registering, AuditTrail audit) throws SQLException {
        this.pool = SidePool.beside(dataSource, "imports", poolSize, false);
        this.profile = profile;
        this.photoIds = photoIds;
        this.registering = registering;
        this.audit = audit;
    }

    @Override
    public void destroy() {
        pool.close();
    }

    /**
     * Reads CSV ({@code mobile,name,birth_year,gender_id,photo_id_type,photo_id_number}, an optional
     * header line) or NDJSON (one object per line with those fields), one beneficiary a line.
     */
    Result importLines(BufferedReader reader) throws IOException {
        List<Rejected> rejected = new ArrayList<>();
        int staged;
        int accepted = 0;
        try (Connection connection = pool.dataSource().getConnection()) {
            // The temporary table lives in this connection's session, across the transactions below.
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            connection.setAutoCommit(false);
            try {
                staged = stage(connection, jdbc, reader, rejected);
                connection.commit();
                if (staged > 0) {
                    accepted = storeStaged(connection, jdbc, staged, rejected);
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
                jdbc.sql("DROP TABLE IF EXISTS import_row").update();
            }
        } catch (SQLException e) {
            DataAccessException translated = new SQLExceptionSubclassTranslator().translate("bulk import", null, e);
            throw translated != null ? translated : new UncategorizedSQLException("bulk import", null, e);
        }
        if (staged > 0) {
            audit.record("BENEFICIARY_IMPORT", "beneficiaries:" + accepted, staged + " valid rows");
        }
        rejected.sort(Comparator.comparingInt(Rejected::line));
        return new Result(accepted, rejected);
    }

    /**
     * Reads, checks and seals the body's rows, {@code COPY}s the valid ones into {@code import_row}
     * and creates their missing accounts; returns how many rows were staged.
     */
    private int stage(Connection connection, JdbcClient jdbc, BufferedReader reader, List<Rejected> rejected)
            throws IOException, SQLException {
        CopyIn[] copy = {null};
        try {
            int staged = copyRows(connection, jdbc, reader, rejected, copy);
            if (copy[0] == null) {
                return 0;
            }
            copy[0].endCopy();
            // In mobile order, so that two imports sharing new mobiles wait for each other rather than
            // deadlock; committed at once, so that they wait only that long.
            jdbc.sql("""
                    INSERT INTO citizen_account (mobile)
                    SELECT DISTINCT mobile FROM import_row ORDER BY mobile
                    ON CONFLICT (mobile) DO NOTHING""").update();
            return staged;
        } catch (IOException | SQLException | RuntimeException e) {
            // A body that breaks off, or a failure while checking: the connection must leave COPY mode to roll back.
            if (copy[0] != null && copy[0].isActive()) {
                copy[0].cancelCopy();
            }
            throw e;
        }
    }

    private int copyRows(Connection connection, JdbcClient jdbc, BufferedReader reader, List<Rejected> rejected,
                         CopyIn[] copy) throws IOException, SQLException {
        int staged = 0;
        int lineNo = 0;
        // The first line with a photo ID claims it; the rows of each mobile counted in file order.
        Set<String> photoIdsSeen = new HashSet<>();
        Map<String, Integer> rowsOfMobile = new HashMap<>();
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
                    } else if (!photoIdsSeen.add(line.staged().photoId())) {
                        rejected.add(duplicate(line.number()));
                    } else {
                        int nth = rowsOfMobile.merge(line.staged().mobile(), 1, Integer::sum);
                        rows.append(line.staged().copyRow()).append(nth).append('\n');
                        staged++;
                    }
                }
                if (!rows.isEmpty()) {
                    if (copy[0] == null) {
                        copy[0] = startCopy(connection, jdbc);
                    }
                    byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
                    copy[0].writeToCopy(bytes, 0, bytes.length);
                }
                batch.clear();
            }
        }
        return staged;
    }

    private Line check(Line line) {
        try {
            return new Line(line.number(), null, staged(line.number(), line.text()), null);
        } catch (ApiException e) {
            return new Line(line.number(), null, null, new Rejected(line.number(), e.errorCode(), e.getMessage()));
        }
    }

    /** The line checked by the registration rules and sealed, as a row of {@code COPY}'s text format. */
    private Staged staged(int lineNo, String text) {
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
        row.append(RegisteringBeneficiary.newReferenceId()).append('\t');
        return new Staged(mobile, v.photoIdType() + ":" + sealed.hash(), row.toString());
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

    private static CopyIn startCopy(Connection connection, JdbcClient jdbc) throws SQLException {
        // Temporary: no WAL, seen by this session only; dropped when the import ends.
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
                    reference_id    TEXT NOT NULL,
                    nth_in_file     INT  NOT NULL -- the row's place among its mobile's rows, duplicates left out
                )""").update();
        return connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY import_row FROM STDIN");
    }

    /**
     * Stores the staged rows, account by account locked: first those no one else holds, without
     * waiting (one transaction), then those another import or a registration held, once they are
     * free (another). Adds a refusal for every staged row not stored; returns how many were stored.
     */
    private int storeStaged(Connection connection, JdbcClient jdbc, int staged, List<Rejected> rejected) throws SQLException {
        int limit = profile.limits().beneficiariesPerAccount();
        List<Integer> duplicates = new ArrayList<>();
        List<Integer> overLimit = new ArrayList<>();
        // Two imports of neighbouring chunks of one file share the family cut at the border: each
        // stores the rest at once instead of queueing behind the other's whole import.
        long[] free = jdbc.sql("""
                        SELECT a.id FROM citizen_account a WHERE a.mobile IN (SELECT mobile FROM import_row)
                        FOR UPDATE SKIP LOCKED""")
                .query(Long.class).list().stream().mapToLong(Long::longValue).toArray();
        Outcomes first = storeFor(jdbc, free, limit);
        connection.commit();
        duplicates.addAll(first.duplicates);
        overLimit.addAll(first.overLimit);
        // Locked in id order, waiting: a citizen registering at the same moment cannot slip past the limit.
        long[] held = jdbc.sql("""
                        SELECT a.id FROM citizen_account a WHERE a.mobile IN (SELECT mobile FROM import_row)
                          AND a.id NOT IN (SELECT unnest(:free)) -- hashed: "<> ALL" compared each account with every id
                        ORDER BY a.id FOR UPDATE""")
                .param("free", free)
                .query(Long.class).list().stream().mapToLong(Long::longValue).toArray();
        if (held.length > 0) {
            Outcomes then = storeFor(jdbc, held, limit);
            connection.commit();
            duplicates.addAll(then.duplicates);
            overLimit.addAll(then.overLimit);
        }
        duplicates.forEach(line -> rejected.add(duplicate(line)));
        overLimit.forEach(line -> rejected.add(new Rejected(line, "BENREG0001",
                "An account can register at most " + limit + " beneficiaries")));
        return staged - duplicates.size() - overLimit.size();
    }

    /**
     * The one INSERT for the staged rows of these accounts, which this transaction holds locked;
     * returns the rows of theirs it did not store.
     */
    private Outcomes storeFor(JdbcClient jdbc, long[] accounts, int limit) {
        Outcomes outcomes = new Outcomes();
        if (accounts.length == 0) {
            return outcomes;
        }
        jdbc.sql("""
                        WITH account AS (
                            SELECT a.id, a.mobile,
                                   (SELECT count(*) FROM beneficiary b
                                    WHERE b.account_id = a.id AND b.deleted_at IS NULL) AS registered
                            FROM citizen_account a WHERE a.id = ANY(:accounts)
                        ), stored AS (
                            INSERT INTO beneficiary (reference_id, account_id, name, birth_year, gender_id, photo_id_type,
                                                     photo_id_hash, photo_id_cipher, photo_id_masked)
                            SELECT r.reference_id, a.id, r.name, r.birth_year, r.gender_id, r.photo_id_type,
                                   r.photo_id_hash, r.photo_id_cipher, r.photo_id_masked
                            FROM import_row r JOIN account a ON a.mobile = r.mobile
                            WHERE a.registered + r.nth_in_file <= :limit
                            -- In photo-ID order: two imports of the same people wait for each other rather than deadlock.
                            ORDER BY r.photo_id_type, r.photo_id_hash
                            ON CONFLICT DO NOTHING
                            RETURNING reference_id
                        )
                        SELECT r.line, a.registered + r.nth_in_file > :limit AS over_limit
                        FROM import_row r JOIN account a ON a.mobile = r.mobile
                        WHERE NOT EXISTS (SELECT 1 FROM stored s WHERE s.reference_id = r.reference_id)""")
                .param("accounts", accounts)
                .param("limit", limit)
                .query(rs -> {
                    int line = rs.getInt("line");
                    if (rs.getBoolean("over_limit")) {
                        outcomes.overLimit.add(line);
                    } else {
                        outcomes.conflicts.add(line);
                    }
                });
        // The INSERT met these rows' photo ID or reference id in the table: the person is registered already, or the id was drawn again.
        storeConflicts(jdbc, outcomes);
        if (!outcomes.overLimit.isEmpty()) {
            storeOverLimit(jdbc, limit, outcomes);
        }
        return outcomes;
    }

    /** Staged lines not stored (yet), by why. */
    private static final class Outcomes {
        final List<Integer> duplicates = new ArrayList<>();
        final List<Integer> overLimit = new ArrayList<>();
        List<Integer> conflicts = new ArrayList<>();
    }

    /**
     * The first pass ranked every row of an account, already registered people included, so a row
     * over the limit there may yet fit: its earlier rows that were duplicates took no place. These
     * rows (few: only the tail of a full account) are checked for duplicates first, then ranked again
     * from what the account holds now.
     */
    private void storeOverLimit(JdbcClient jdbc, int limit, Outcomes outcomes) {
        int[] lines = outcomes.overLimit.stream().mapToInt(Integer::intValue).toArray();
        outcomes.overLimit.clear();
        jdbc.sql("""
                        WITH waiting AS (
                            SELECT r.*, a.id AS account_id,
                                   EXISTS (SELECT 1 FROM beneficiary b
                                           WHERE b.photo_id_type = r.photo_id_type AND b.photo_id_hash = r.photo_id_hash
                                             AND b.deleted_at IS NULL) AS registered_already
                            FROM import_row r JOIN citizen_account a ON a.mobile = r.mobile
                            WHERE r.line = ANY(:lines)
                        ), ranked AS (
                            SELECT w.*, (SELECT count(*) FROM beneficiary b WHERE b.account_id = w.account_id AND b.deleted_at IS NULL)
                                        + row_number() OVER (PARTITION BY w.account_id ORDER BY w.line) AS nth
                            FROM waiting w WHERE NOT w.registered_already
                        ), stored AS (
                            INSERT INTO beneficiary (reference_id, account_id, name, birth_year, gender_id, photo_id_type,
                                                     photo_id_hash, photo_id_cipher, photo_id_masked)
                            SELECT reference_id, account_id, name, birth_year, gender_id, photo_id_type,
                                   photo_id_hash, photo_id_cipher, photo_id_masked
                            FROM ranked WHERE nth <= :limit
                            ORDER BY photo_id_type, photo_id_hash
                            ON CONFLICT DO NOTHING
                            RETURNING reference_id
                        )
                        SELECT w.line, w.registered_already, k.nth > :limit AS over_limit
                        FROM waiting w LEFT JOIN ranked k ON k.line = w.line
                        WHERE NOT EXISTS (SELECT 1 FROM stored s WHERE s.reference_id = w.reference_id)""")
                .param("lines", lines)
                .param("limit", limit)
                .query(rs -> {
                    int line = rs.getInt("line");
                    if (rs.getBoolean("registered_already")) {
                        outcomes.duplicates.add(line);
                    } else if (rs.getBoolean("over_limit")) {
                        outcomes.overLimit.add(line);
                    } else {
                        outcomes.conflicts.add(line);
                    }
                });
        storeConflicts(jdbc, outcomes);
    }

    /**
     * Rows that passed every check but met a conflict in the INSERT: their photo ID is registered
     * (before this import, or by someone else meanwhile) and they are duplicates, or else the
     * random reference id was taken and is drawn again.
     */
    private void storeConflicts(JdbcClient jdbc, Outcomes outcomes) {
        for (int attempt = 0; attempt < 5 && !outcomes.conflicts.isEmpty(); attempt++) {
            List<Integer> taken = jdbc.sql("""
                            SELECT r.line FROM import_row r
                            WHERE r.line = ANY(:lines) AND EXISTS (
                                SELECT 1 FROM beneficiary b WHERE b.photo_id_type = r.photo_id_type
                                  AND b.photo_id_hash = r.photo_id_hash AND b.deleted_at IS NULL)""")
                    .param("lines", outcomes.conflicts.stream().mapToInt(Integer::intValue).toArray())
                    .query(Integer.class).list();
            outcomes.duplicates.addAll(taken);
            Set<Integer> duplicates = new HashSet<>(taken);
            List<Integer> redraw = outcomes.conflicts.stream().filter(line -> !duplicates.contains(line)).toList();
            if (redraw.isEmpty()) {
                outcomes.conflicts = List.of();
                return;
            }
            String[] refs = redraw.stream().map(line -> RegisteringBeneficiary.newReferenceId()).toArray(String[]::new);
            Map<String, Integer> lineOf = new HashMap<>();
            for (int i = 0; i < refs.length; i++) {
                lineOf.put(refs[i], redraw.get(i));
            }
            Set<Integer> stored = new HashSet<>(jdbc.sql("""
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
                    .query(String.class).list().stream().map(lineOf::get).toList());
            outcomes.conflicts = redraw.stream().filter(line -> !stored.contains(line)).toList();
        }
        if (!outcomes.conflicts.isEmpty()) {
            throw new IllegalStateException("Could not draw free reference ids");
        }
    }

    private static Rejected duplicate(int line) {
        return new Rejected(line, "BENREG0003",
                "This photo ID is already registered for another beneficiary. One person can be registered only once.");
    }
}
