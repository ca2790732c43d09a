package org.openvin.certificate.codec;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The FHIR R4 Bundle a SMART Health Card carries, trimmed by the card's QR rules: no resource
 * ids, no meta, no text, no display; entries addressed as {@code resource:N}. Every byte saved
 * keeps the card in a single QR code.
 */
public final class FhirImmunizationBundle {

    public static final String CVX_SYSTEM = "http://hl7.org/fhir/sid/cvx";
    public static final String ICD11_SYSTEM = "http://id.who.int/icd11/mms";

    private FhirImmunizationBundle() {
    }

    /** A collection Bundle holding the Patient (resource:0) and one Immunization (resource:1). */
    public static Map<String, Object> of(VaccinationClaim claim) {
        Map<String, Object> name = new LinkedHashMap<>();
        name.put("family", claim.familyName());
        if (claim.givenName() != null && !claim.givenName().isBlank()) {
            name.put("given", Arrays.asList(claim.givenName().strip().split("\\s+")));
        }
        Map<String, Object> patient = new LinkedHashMap<>();
        patient.put("resourceType", "Patient");
        patient.put("name", List.of(name));
        patient.put("birthDate", claim.birthDate());

        // CVX is what US-built verifiers understand; ICD-11 is WHO's coding for vaccines without a CVX code.
        Map<String, Object> coding = new LinkedHashMap<>();
        coding.put("system", claim.cvx() != null ? CVX_SYSTEM : ICD11_SYSTEM);
        coding.put("code", claim.cvx() != null ? claim.cvx() : claim.icd11());
        Map<String, Object> immunization = new LinkedHashMap<>();
        immunization.put("resourceType", "Immunization");
        immunization.put("status", "completed");
        immunization.put("vaccineCode", Map.of("coding", List.of(coding)));
        immunization.put("patient", Map.of("reference", "resource:0"));
        immunization.put("occurrenceDateTime", claim.vaccinationDate().toString());
        if (claim.lot() != null) {
            immunization.put("lotNumber", claim.lot());
        }

        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "collection");
        bundle.put("entry", List.of(entry(0, patient), entry(1, immunization)));
        return bundle;
    }

    private static Map<String, Object> entry(int index, Map<String, Object> resource) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("fullUrl", "resource:" + index);
        entry.put("resource", resource);
        return entry;
    }
}
