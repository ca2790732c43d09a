package org.openvin.certificate.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.openvin.identity.BeneficiaryId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The certificate table: issued payloads, status and the revocation lists drawn from it. */
@Component
class CertificateStore {

    record Stored(String id, UUID vaccinationId, int revision, String beneficiaryId, int dose, int totalDoses,
                  String status, Instant issuedAt, String euDcc, String shc, String w3cVc) {

        boolean isFinal() {
            return dose >= totalDoses;
        }
    }

    record Revoked(String id, String shcKid, String shcRid, Instant revokedAt) {
    }

    private static final String COLUMNS = "id, vaccination_id, revision, beneficiary_id, dose, total_doses, status, issued_at, eu_dcc, shc, w3c_vc";

    private final JdbcClient jdbc;

    CertificateStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The beneficiary's valid certificates, one per dose, in dose order. */
    List<Stored> issuedFor(BeneficiaryId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM certificate WHERE beneficiary_id = ? AND status = 'ISSUED' ORDER BY dose")
                .param(id.value()).query((rs, n) -> map(rs)).list();
    }

    Optional<Stored> latestFor(BeneficiaryId id) {
        List<Stored> issued = issuedFor(id);
        return issued.isEmpty() ? Optional.empty() : Optional.of(issued.getLast());
    }

    /**
     * Revokes every valid certificate of the beneficiary and moves the revocation list of each
     * signing key concerned to its next version; returns how many were revoked.
     */
    int revokeAll(BeneficiaryId id) {
        List<String> kids = jdbc.sql("""
                        UPDATE certificate SET status = 'REVOKED', revoked_at = now()
                        WHERE beneficiary_id = ? AND status = 'ISSUED' RETURNING shc_kid""")
                .param(id.value()).query(String.class).list();
        kids.stream().filter(java.util.Objects::nonNull).distinct().forEach(kid -> jdbc.sql("""
                        INSERT INTO certificate_crl_version (kid, version) VALUES (?, 2)
                        ON CONFLICT (kid) DO UPDATE SET version = certificate_crl_version.version + 1""")
                .param(kid).update());
        return kids.size();
    }

    int nextRevision(UUID vaccinationId) {
        return jdbc.sql("SELECT COALESCE(max(revision), 0) + 1 FROM certificate WHERE vaccination_id = ?")
                .param(vaccinationId).query(Integer.class).single();
    }

    boolean isRevokedId(String certificateId) {
        return jdbc.sql("SELECT count(*) FROM certificate WHERE id = ? AND status = 'REVOKED'")
                .param(certificateId).query(Integer.class).single() > 0;
    }

    boolean isRevokedRid(String rid) {
        return jdbc.sql("SELECT count(*) FROM certificate WHERE shc_rid = ? AND status = 'REVOKED'")
                .param(rid).query(Integer.class).single() > 0;
    }

    List<Revoked> revoked() {
        return jdbc.sql("SELECT id, shc_kid, shc_rid, revoked_at FROM certificate WHERE status = 'REVOKED' ORDER BY revoked_at, id")
                .query((rs, n) -> new Revoked(rs.getString("id"), rs.getString("shc_kid"), rs.getString("shc_rid"),
                        rs.getTimestamp("revoked_at").toInstant()))
                .list();
    }

    /** SHC crlVersion of each kid: 1 until a certificate signed with it is revoked, then one more per revocation. */
    int crlVersion(String kid) {
        return jdbc.sql("SELECT version FROM certificate_crl_version WHERE kid = ?").param(kid)
                .query(Integer.class).optional().orElse(1);
    }

    Map<String, Integer> crlVersions(List<String> kids) {
        return kids.stream().collect(Collectors.toMap(kid -> kid, this::crlVersion));
    }

    private static Stored map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Stored(rs.getString("id"), rs.getObject("vaccination_id", UUID.class), rs.getInt("revision"),
                rs.getString("beneficiary_id"), rs.getInt("dose"), rs.getInt("total_doses"), rs.getString("status"),
                rs.getTimestamp("issued_at").toInstant(), rs.getString("eu_dcc"), rs.getString("shc"), rs.getString("w3c_vc"));
    }
}
