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

    /** Revokes every valid certificate of the beneficiary; returns how many. */
    int revokeAll(BeneficiaryId id) {
        return jdbc.sql("UPDATE certificate SET status = 'REVOKED', revoked_at = now() WHERE beneficiary_id = ? AND status = 'ISSUED'")
                .param(id.value()).update();
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

    /** SHC crlVersion per kid: the number of revocations under it, which only grows. */
    Map<String, Integer> crlVersions() {
        return revoked().stream().filter(r -> r.shcKid() != null)
                .collect(Collectors.groupingBy(Revoked::shcKid, Collectors.summingInt(r -> 1)));
    }

    private static Stored map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Stored(rs.getString("id"), rs.getObject("vaccination_id", UUID.class), rs.getInt("revision"),
                rs.getString("beneficiary_id"), rs.getInt("dose"), rs.getInt("total_doses"), rs.getString("status"),
                rs.getTimestamp("issued_at").toInstant(), rs.getString("eu_dcc"), rs.getString("shc"), rs.getString("w3c_vc"));
    }
}
