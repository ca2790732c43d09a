package org.openvin.vaccination;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A dose was recorded (published in the recording's transaction, delivered after commit and
 * re-delivered after a crash). {@code certificateId} is the id the certificate for this dose
 * will carry, already given to the vaccinator in the recording's answer.
 */
public record DoseRecorded(UUID vaccinationId, String beneficiaryId, String certificateId, String vaccine, int dose,
                           int totalDoses, LocalDate vaccinatedOn, long centreId) {
}
