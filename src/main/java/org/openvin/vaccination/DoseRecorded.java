package org.openvin.vaccination;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A dose being recorded, as the modules that write with it ({@link WrittenWithDose}) see it.
 * {@code certificateId} is the id the certificate for this dose will carry, already given to the
 * vaccinator in the recording's answer.
 */
public record DoseRecorded(UUID vaccinationId, String beneficiaryId, String certificateId, String vaccine, int dose,
                           int totalDoses, LocalDate vaccinatedOn, long centreId) {
}
