package org.openvin.stock;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Who received the doses the ledger tied to a lot, for a recall. Implemented by the vaccination
 * module (which owns doses); declared here so stock need not depend on vaccination, which itself
 * takes stock as it records a dose.
 */
public interface DoseRecipients {

    record Recipient(UUID vaccinationId, String beneficiaryId, int dose, LocalDate vaccinatedOn, long centreId) {
    }

    List<Recipient> of(List<UUID> vaccinationIds);
}
