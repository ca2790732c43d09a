package org.openvin.identity.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bulk import as it was before COPY (commit 11514ce), kept only as the baseline that
 * {@link BulkImportSpeed} measures the COPY import against in the same run. Not a bean.
 *
 * <p>An administrator imports beneficiaries in bulk (a state's existing health-worker list, a
 * migration from another registry): every row is checked with the same rules as a citizen's own
 * registration, the same photo ID is never registered twice anywhere in the population, and an
 * account keeps the profile's limit. Rows are stored a chunk at a time with multi-row INSERTs,
 * each chunk in its own transaction, and every refused row is answered with its line number.
 */

class LegacyBulkRegistration {

    static final int CHUNK = 5_000;
    private static final JsonMapper json = JsonMapper.builder().build();

    record Rejected(int line, String errorCode, String error) {
    }

    record Result(int accepted, List<Rejected> rejected) {
    }

    /** A row that passed validation, with its protected photo ID once sealed. */
    private record Row(int line, String mobile, RegisteringBeneficiary.Valid valid, PhotoIds.Protected sealed) {
    }

    private final JdbcClient jdbc;
    private final CountryProfile profile;
    private final PhotoIds photoIds;
    private final RegisteringBeneficiary registering;
    private final AuditTrail audit;
    private final TransactionTemplate transaction;

    LegacyBulkRegistration(JdbcClient jdbc, CountryProfile profile, PhotoIds photoIds, RegisteringBeneficiary registering,
                     AuditTrail audit, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
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
        List<Row> chunk = new ArrayList<>(CHUNK);
        int accepted = 0;
        int lineNo = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            String text = line.strip();
            if (text.isEmpty() || (lineNo == 1 && text.toLowerCase().startsWith("mobile,"))) {
                continue;
            }
            try {
                chunk.add(parse(lineNo, text));
            } catch (ApiException e) {
                rejected.add(new Rejected(lineNo, e.errorCode(), e.getMessage()));
            }
            if (chunk.size() == CHUNK) {
                accepted += store(chunk, rejected);
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            accepted += store(chunk, rejected);
        }
        rejected.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return new Result(accepted, rejected);
    }

    private Row parse(int lineNo, String text) {
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
        return new Row(lineNo, mobile, registering.validate(registration), null);
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

    /** Stores one chunk in one transaction; returns how many rows were accepted. */
    private int store(List<Row> parsed, List<Rejected> rejected) {
        // Hashing and encryption are the CPU cost of an import: spread them over the cores.
        List<Row> rows = parsed.parallelStream()
                .map(r -> new Row(r.line(), r.mobile(), r.valid(),
                        photoIds.protect(r.valid().photoIdType(), r.valid().photoIdNumber())))
                .toList();
        Integer stored = transaction.execute(status -> storeInTransaction(rows, rejected));
        return stored == null ? 0 : stored;
    }

    private int storeInTransaction(List<Row> rows, List<Rejected> rejected) {
        String[] mobiles = rows.stream().map(Row::mobile).distinct().toArray(String[]::new);
        jdbc.sql("INSERT INTO citizen_account (mobile) SELECT unnest(?::text[]) ON CONFLICT (mobile) DO NOTHING")
                .param(mobiles).update();
        // Locked in id order: a citizen registering at the same moment cannot slip past the limit.
        Map<String, Long> accountOf = new HashMap<>();
        jdbc.sql("SELECT id, mobile FROM citizen_account WHERE mobile = ANY(?) ORDER BY id FOR UPDATE")
                .param(mobiles)
                .query(rs -> {
                    accountOf.put(rs.getString("mobile"), rs.getLong("id"));
                });
        Map<Long, Integer> registered = new HashMap<>();
        jdbc.sql("""
                        SELECT account_id, count(*) FROM beneficiary
                        WHERE account_id = ANY(?) AND deleted_at IS NULL GROUP BY account_id""")
                .param(accountOf.values().stream().mapToLong(Long::longValue).toArray())
                .query(rs -> {
                    registered.put(rs.getLong(1), rs.getInt(2));
                });
        Set<String> existing = new HashSet<>(jdbc.sql("""
                        SELECT b.photo_id_hash FROM beneficiary b
                        JOIN unnest(?::int[], ?::text[]) AS wanted(type, hash)
                          ON b.photo_id_type = wanted.type AND b.photo_id_hash = wanted.hash
                        WHERE b.deleted_at IS NULL""")
                .params(rows.stream().mapToInt(r -> r.valid().photoIdType()).toArray(),
                        rows.stream().map(r -> r.sealed().hash()).toArray(String[]::new))
                .query(String.class).list());
        int limit = profile.limits().beneficiariesPerAccount();
        Set<String> seen = new HashSet<>();
        List<Row> insert = new ArrayList<>(rows.size());
        for (Row r : rows) {
            long account = accountOf.get(r.mobile());
            if (existing.contains(r.sealed().hash()) || !seen.add(r.sealed().hash())) {
                rejected.add(duplicate(r.line()));
            } else if (registered.getOrDefault(account, 0) >= limit) {
                rejected.add(new Rejected(r.line(), "BENREG0001", "An account can register at most " + limit + " beneficiaries"));
            } else {
                registered.merge(account, 1, Integer::sum);
                insert.add(r);
            }
        }
        int accepted = 0;
        // Reference ids are random: the rare clash with an existing one is retried with a new id.
        for (int attempt = 0; attempt < 5 && !insert.isEmpty(); attempt++) {
            String[] refs = insert.stream().map(r -> RegisteringBeneficiary.newReferenceId()).toArray(String[]::new);
            Set<String> inserted = new HashSet<>(jdbc.sql("""
                            INSERT INTO beneficiary (reference_id, account_id, name, birth_year, gender_id, photo_id_type,
                                                     photo_id_hash, photo_id_cipher, photo_id_masked)
                            SELECT * FROM unnest(?::text[], ?::bigint[], ?::text[], ?::int[], ?::int[], ?::int[],
                                                 ?::text[], ?::text[], ?::text[])
                            ON CONFLICT DO NOTHING
                            RETURNING reference_id""")
                    .params(refs,
                            insert.stream().mapToLong(r -> accountOf.get(r.mobile())).toArray(),
                            insert.stream().map(r -> r.valid().name()).toArray(String[]::new),
                            insert.stream().mapToInt(r -> r.valid().birthYear()).toArray(),
                            insert.stream().mapToInt(r -> r.valid().genderId()).toArray(),
                            insert.stream().mapToInt(r -> r.valid().photoIdType()).toArray(),
                            insert.stream().map(r -> r.sealed().hash()).toArray(String[]::new),
                            insert.stream().map(r -> r.sealed().cipher()).toArray(String[]::new),
                            insert.stream().map(r -> r.sealed().masked()).toArray(String[]::new))
                    .query(String.class).list());
            accepted += inserted.size();
            List<Row> again = new ArrayList<>();
            for (int i = 0; i < refs.length; i++) {
                if (!inserted.contains(refs[i])) {
                    again.add(insert.get(i));
                }
            }
            if (!again.isEmpty()) {
                // Not inserted: either registered meanwhile by someone else, or a reference-id clash.
                Set<String> now = new HashSet<>(jdbc.sql("""
                                SELECT photo_id_hash FROM beneficiary
                                WHERE photo_id_hash = ANY(?) AND deleted_at IS NULL""")
                        .param(again.stream().map(r -> r.sealed().hash()).toArray(String[]::new))
                        .query(String.class).list());
                again.stream().filter(r -> now.contains(r.sealed().hash())).forEach(r -> rejected.add(duplicate(r.line())));
                again.removeIf(r -> now.contains(r.sealed().hash()));
            }
            insert = again;
        }
        if (!insert.isEmpty()) {
            throw new IllegalStateException("Could not draw free reference ids");
        }
        audit.record("BENEFICIARY_IMPORT", "beneficiaries:" + accepted, rows.size() + " valid rows in chunk");
        return accepted;
    }

    private static Rejected duplicate(int line) {
        return new Rejected(line, "BENREG0003",
                "This photo ID is already registered for another beneficiary. One person can be registered only once.");
    }
}
