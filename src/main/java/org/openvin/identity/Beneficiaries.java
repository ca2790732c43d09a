package org.openvin.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.openvin.platform.StatementPart;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Reading beneficiaries, and the vaccination summary the vaccination module keeps on them. */
@Service
public class Beneficiaries {

    static final String COLUMNS = """
            reference_id, account_id, name, birth_year, gender_id, photo_id_type, photo_id_masked, comorbidity_ind,
            vaccination_status, vaccine, doses_received, dose1_date, dose2_date, last_dose_date, corrections""";

    private final JdbcClient jdbc;

    public Beneficiaries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Beneficiary> find(BeneficiaryId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM beneficiary WHERE reference_id = ? AND deleted_at IS NULL")
                .param(id.value()).query((rs, n) -> map(rs)).optional();
    }

    /** The beneficiary, locked for the rest of the transaction (booking and dose recording serialise on it). */
    public Optional<Beneficiary> lock(BeneficiaryId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM beneficiary WHERE reference_id = ? AND deleted_at IS NULL FOR UPDATE")
                .param(id.value()).query((rs, n) -> map(rs)).optional();
    }

    /** The account holder's family: walk-ins a vaccinator attached to the number without its owner's OTP are not in it. */
    public List<Beneficiary> ofAccount(long accountId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM beneficiary WHERE account_id = ? AND deleted_at IS NULL AND NOT walk_in ORDER BY created_at")
                .param(accountId).query((rs, n) -> map(rs)).list();
    }

    public List<Beneficiary> ofMobile(String mobile) {
        return jdbc.sql("SELECT " + COLUMNS.replace("reference_id,", "b.reference_id,").replace(" account_id,", " b.account_id,")
                        + " FROM beneficiary b JOIN citizen_account a ON a.id = b.account_id"
                        + " WHERE a.mobile = ? AND b.deleted_at IS NULL ORDER BY b.created_at")
                .param(mobile).query((rs, n) -> map(rs)).list();
    }

    /** How many people are registered (the dashboard caches the answer for seconds). */
    public long countRegistered() {
        return jdbc.sql("SELECT count(*) FROM beneficiary WHERE deleted_at IS NULL").query(Long.class).single();
    }

    /** Where and in which language to write to an account's holder; the language is null until one was chosen. */
    public record Contact(String mobile, String language) {
    }

    public Optional<Contact> contactOf(long accountId) {
        return jdbc.sql("SELECT mobile, language FROM citizen_account WHERE id = ?").param(accountId)
                .query((rs, n) -> new Contact(rs.getString("mobile"), rs.getString("language"))).optional();
    }

    /**
     * Keeps the summary current as a dose is recorded (status, vaccine and dose dates as the CoWIN
     * beneficiary object shows them): a part of the recording's one statement, written once its
     * CTE {@code source} returned a row.
     */
    public StatementPart recordDoseIn(String source, BeneficiaryId id, String vaccine, int dose,
                                      int totalDoses, LocalDate date) {
        var params = new HashMap<String, Object>();
        params.put("ben_status", dose >= totalDoses ? Beneficiary.VACCINATED : Beneficiary.PARTIALLY_VACCINATED);
        params.put("ben_vaccine", vaccine);
        params.put("ben_dose", dose);
        params.put("ben_date", date);
        params.put("ben_id", id.value());
        return new StatementPart("""
                UPDATE beneficiary SET
                    vaccination_status = CASE WHEN vaccination_status = 'Vaccinated' THEN 'Vaccinated' ELSE :ben_status::text END,
                    vaccine = COALESCE(vaccine, :ben_vaccine::text),
                    doses_received = GREATEST(doses_received, :ben_dose::int),
                    dose1_date = CASE WHEN :ben_dose::int = 1 THEN :ben_date::date ELSE dose1_date END,
                    dose2_date = CASE WHEN :ben_dose::int = 2 THEN :ben_date::date ELSE dose2_date END,
                    last_dose_date = GREATEST(last_dose_date, :ben_date::date),
                    updated_at = now()
                WHERE reference_id = :ben_id::text""" + StatementPart.andRowIn(source), params);
    }

    static Beneficiary map(ResultSet rs) throws SQLException {
        return new Beneficiary(new BeneficiaryId(rs.getString("reference_id")), rs.getLong("account_id"),
                rs.getString("name"), rs.getInt("birth_year"), rs.getInt("gender_id"), rs.getInt("photo_id_type"),
                rs.getString("photo_id_masked"), rs.getString("comorbidity_ind"), rs.getString("vaccination_status"),
                rs.getString("vaccine"), rs.getInt("doses_received"), rs.getObject("dose1_date", LocalDate.class),
                rs.getObject("dose2_date", LocalDate.class), rs.getObject("last_dose_date", LocalDate.class),
                rs.getInt("corrections"));
    }
}
