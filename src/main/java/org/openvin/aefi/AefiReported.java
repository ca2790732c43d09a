package org.openvin.aefi;

import java.util.UUID;

/** An adverse event was reported (published in the report's transaction); serious ones need the district's attention. */
public record AefiReported(UUID reportId, UUID vaccinationId, String vaccine, String lotNumber, boolean serious,
                           int districtId) {
}
