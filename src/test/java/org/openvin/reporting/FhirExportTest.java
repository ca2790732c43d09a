package org.openvin.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.openvin.Api;
import org.openvin.Citizens;
import org.openvin.OpenVinTest;
import org.openvin.vaccination.PointOfCare;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** A person's record exported as FHIR R4 parses and validates with HAPI FHIR's own validator. */
@OpenVinTest
class FhirExportTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Test
    void theExportIsValidFhirR4WithAPatientAndAnImmunizationPerDose() {
        Api api = new Api(port);
        long centre = PointOfCare.centre(jdbc);
        Api vaccinator = PointOfCare.staff(api, jdbc, passwords, "VACCINATOR", centre);
        Api citizen = Citizens.login(api, Citizens.newMobile());
        String ref = PointOfCare.beneficiary(citizen, "Lakshmi Iyer", "1968");
        assertThat(PointOfCare.record(vaccinator, PointOfCare.dose(ref, null, centre, "COVISHIELD", 1)).status()).isEqualTo(201);

        var answer = citizen.get("/api/v2/registration/fhir/bundle?beneficiary_reference_id=" + ref);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/fhir+json");

        FhirContext fhir = FhirContext.forR4();
        Bundle bundle = fhir.newJsonParser().parseResource(Bundle.class, answer.body());
        assertThat(bundle.getEntry()).hasSize(2);
        Patient patient = (Patient) bundle.getEntry().get(0).getResource();
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Iyer");
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo(ref);
        Immunization immunization = (Immunization) bundle.getEntry().get(1).getResource();
        assertThat(immunization.getLotNumber()).isEqualTo("B-4711");
        assertThat(immunization.getProtocolAppliedFirstRep().getDoseNumberPositiveIntType().getValue()).isEqualTo(1);
        assertThat(immunization.getPatient().getReference()).isEqualTo(bundle.getEntry().get(0).getFullUrl());

        FhirValidator validator = fhir.newValidator();
        validator.registerValidatorModule(new FhirInstanceValidator(new ValidationSupportChain(
                new DefaultProfileValidationSupport(fhir), new InMemoryTerminologyServerValidationSupport(fhir),
                new CommonCodeSystemsTerminologyService(fhir))));
        ValidationResult result = validator.validateWithResult(answer.body());
        List<String> errors = result.getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(m -> m.getLocationString() + ": " + m.getMessage())
                .toList();
        assertThat(errors).isEmpty();

        Api stranger = Citizens.login(api, Citizens.newMobile());
        assertThat(stranger.get("/api/v2/registration/fhir/bundle?beneficiary_reference_id=" + ref).status()).isEqualTo(404);
        assertThat(citizen.get("/api/v2/registration/fhir/bundle?beneficiary_reference_id=abc").status()).isEqualTo(400);
        assertThat(vaccinator.get("/api/v2/admin/fhir/bundle?beneficiary_reference_id=" + ref).status()).isEqualTo(403);
    }
}
