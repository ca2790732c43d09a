package org.openvin.vaccination;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.openvin.identity.BeneficiaryId;

/** A recorded dose, as other modules read it. */
public record Vaccination(UUID id, BeneficiaryId beneficiaryId, int dose, int totalDoses, String vaccine, String batch,
                          LocalDate vaccinatedOn, long centreId, String vaccinatorName, String certificateId,
                          Instant recordedAt) {
}
