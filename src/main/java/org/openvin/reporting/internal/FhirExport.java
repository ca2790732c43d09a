package org.openvin.reporting.internal;

import ca.uhn.fhir.context.FhirContext;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Reference;
import org.openvin.identity.Beneficiary;
import org.openvin.identity.CurrentUser;
import org.openvin.identity.Role;
import org.openvin.identity.StaffPrincipal;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.BeneficiaryId;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.profile.CountryProfile;
import org.openvin.registry.Centres;
import org.openvin.vaccination.Vaccination;
import org.openvin.vaccination.Vaccinations;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A person's record as a FHIR R4 Bundle (Patient + one Immunization per dose), so national
 * health records and other systems can take it. For the citizen who owns the record, and for
 * officials whose scope holds one of the doses (audited).
 */
@RestController
class FhirExport {

    static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json;charset=UTF-8");

    /** Built on first use: the R4 model is large, and start-up time matters. */
    private static final class Fhir {
        static final FhirContext CONTEXT = FhirContext.forR4();
    }

    private final Beneficiaries beneficiaries;
    private final Vaccinations vaccinations;
    private final Centres centres;
    private final CountryProfile profile;
    private final AuditTrail audit;

    FhirExport(Beneficiaries beneficiaries, Vaccinations vaccinations, Centres centres, CountryProfile profile,
               AuditTrail audit) {
        this.beneficiaries = beneficiaries;
        this.vaccinations = vaccinations;
        this.centres = centres;
        this.profile = profile;
        this.audit = audit;
    }

    @GetMapping("/api/v2/registration/fhir/bundle")
    ResponseEntity<String> own(@RequestParam("beneficiary_reference_id") String ref) {
        long account = CurrentUser.citizen().accountId();
        Beneficiary person = find(ref).filter(b -> b.accountId() == account)
                .orElseThrow(() -> ApiException.notFound("APPOIN0001", "Beneficiary not found in your account"));
        return answer(person, vaccinations.ofBeneficiary(person.id()));
    }

    @GetMapping("/api/v2/admin/fhir/bundle")
    ResponseEntity<String> official(@RequestParam("beneficiary_reference_id") String ref) {
        StaffPrincipal staff = CurrentUser.staff();
        Beneficiary person = find(ref).orElseThrow(() -> ApiException.notFound("APPOIN0001", "Beneficiary not found"));
        List<Vaccination> doses = vaccinations.ofBeneficiary(person.id());
        boolean inScope = staff.role() == Role.NATIONAL_ADMIN || doses.stream()
                .map(v -> centres.find(v.centreId()).orElse(null))
                .anyMatch(c -> c != null && staff.scope().covers(c.stateId(), c.districtId(), c.id()));
        if (!staff.role().isAdmin() || !inScope) {
            audit.refused("EXPORT_FHIR", "beneficiary:" + ref, "outside the official's scope");
            throw ApiException.forbidden("REPORT0011", "This person's record is outside your scope");
        }
        audit.record("EXPORT_FHIR", "beneficiary:" + ref, null);
        return answer(person, doses);
    }

    private java.util.Optional<Beneficiary> find(String ref) {
        if (!BeneficiaryId.isValid(ref)) {
            throw ApiException.badRequest("APPOIN0001", "beneficiary_reference_id is not valid");
        }
        return beneficiaries.find(new BeneficiaryId(ref));
    }

    private ResponseEntity<String> answer(Beneficiary person, List<Vaccination> doses) {
        return ResponseEntity.ok().contentType(FHIR_JSON)
                .body(Fhir.CONTEXT.newJsonParser().encodeResourceToString(bundle(person, doses)));
    }

    Bundle bundle(Beneficiary person, List<Vaccination> doses) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.setId(UUID.randomUUID().toString());
        String patientUrl = "urn:uuid:" + UUID.nameUUIDFromBytes(("patient:" + person.id().value()).getBytes());
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:openvin:" + profile.code().toLowerCase() + ":beneficiary")
                .setValue(person.id().value());
        String[] parts = person.name().trim().split("\\s+");
        HumanName name = patient.addName().setText(person.name());
        if (parts.length > 1) {
            name.setFamily(parts[parts.length - 1]);
            for (int i = 0; i < parts.length - 1; i++) {
                name.addGiven(parts[i]);
            }
        } else {
            name.addGiven(parts[0]);
        }
        String gender = profile.gender(person.genderId()).map(g -> g.code()).orElse("unknown");
        patient.setGender(switch (gender) {
            case "male" -> Enumerations.AdministrativeGender.MALE;
            case "female" -> Enumerations.AdministrativeGender.FEMALE;
            case "other" -> Enumerations.AdministrativeGender.OTHER;
            default -> Enumerations.AdministrativeGender.UNKNOWN;
        });
        patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(String.valueOf(person.birthYear())));
        bundle.addEntry().setFullUrl(patientUrl).setResource(patient);
        for (Vaccination dose : doses) {
            var vaccine = profile.vaccine(dose.vaccine()).orElse(null);
            Immunization immunization = new Immunization();
            immunization.setStatus(Immunization.ImmunizationStatus.COMPLETED);
            CodeableConcept code = new CodeableConcept().setText(dose.vaccine());
            if (vaccine != null && vaccine.codes() != null) {
                if (vaccine.codes().cvx() != null) {
                    code.addCoding().setSystem("http://hl7.org/fhir/sid/cvx").setCode(vaccine.codes().cvx());
                }
                if (vaccine.codes().icd11() != null) {
                    code.addCoding().setSystem("http://id.who.int/icd11/mms").setCode(vaccine.codes().icd11());
                }
                if (vaccine.codes().atc() != null) {
                    code.addCoding().setSystem("http://www.whocc.no/atc").setCode(vaccine.codes().atc());
                }
            }
            immunization.setVaccineCode(code);
            immunization.setPatient(new Reference(patientUrl));
            immunization.setOccurrence(new org.hl7.fhir.r4.model.DateTimeType(
                    Date.from(dose.vaccinatedOn().atStartOfDay(ZoneOffset.UTC).toInstant()),
                    ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY));
            immunization.setPrimarySource(true);
            immunization.setLotNumber(dose.batch());
            if (vaccine != null && vaccine.manufacturer() != null) {
                immunization.setManufacturer(new Reference().setDisplay(vaccine.manufacturer()));
            }
            centres.find(dose.centreId()).ifPresent(c -> immunization.setLocation(new Reference().setDisplay(c.name())));
            immunization.addIdentifier().setSystem("urn:openvin:certificate").setValue(dose.certificateId());
            immunization.addProtocolApplied()
                    .setDoseNumber(new PositiveIntType(dose.dose()))
                    .setSeriesDoses(new PositiveIntType(dose.totalDoses()))
                    .addTargetDisease(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
                            "http://snomed.info/sct", profile.certificates().disease().snomed(),
                            profile.certificates().disease().name())));
            bundle.addEntry().setFullUrl("urn:uuid:" + dose.id()).setResource(immunization);
        }
        return bundle;
    }
}
