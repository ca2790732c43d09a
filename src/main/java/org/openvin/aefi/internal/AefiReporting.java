package org.openvin.aefi.internal;

import java.util.List;
import java.util.Map;
import org.openvin.identity.Beneficiaries;
import org.openvin.identity.CitizenPrincipal;
import org.openvin.identity.CurrentUser;
import org.openvin.platform.ApiException;
import org.openvin.platform.AuditTrail;
import org.openvin.vaccination.Vaccination;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reporting an adverse event: vaccinators and facility admins for any recorded dose (a reaction
 * may be seen at another facility than the one that vaccinated), citizens for the doses of their
 * own beneficiaries only.
 */
@RestController
class AefiReporting {

    private final ReportingAdverseEvent reporting;
    private final AefiCases cases;
    private final Beneficiaries beneficiaries;
    private final AuditTrail audit;

    AefiReporting(ReportingAdverseEvent reporting, AefiCases cases, Beneficiaries beneficiaries, AuditTrail audit) {
        this.reporting = reporting;
        this.cases = cases;
        this.beneficiaries = beneficiaries;
        this.audit = audit;
    }

    @PostMapping("/api/v2/vaccinator/aefi")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> byStaff(@RequestBody ReportingAdverseEvent.Form form) {
        CurrentUser.staff();
        Vaccination dose = reporting.dose(form);
        return cases.one(reporting.report(dose, form, ReportingAdverseEvent.Source.STAFF));
    }

    @PostMapping("/api/v2/registration/aefi")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> byCitizen(@RequestBody ReportingAdverseEvent.Form form) {
        CitizenPrincipal citizen = CurrentUser.citizen();
        Vaccination dose;
        try {
            dose = reporting.dose(form);
        } catch (ApiException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                throw ApiException.notFound("AEFI0001", "No such dose among your beneficiaries");
            }
            throw e;
        }
        boolean own = beneficiaries.find(dose.beneficiaryId()).map(b -> b.accountId() == citizen.accountId()).orElse(false);
        if (!own) {
            audit.refused("AEFI_REPORT", "vaccination:" + dose.id(), "not a dose of the account's beneficiaries");
            // The same answer as for a dose that does not exist: a citizen learns nothing about others' doses.
            throw ApiException.notFound("AEFI0001", "No such dose among your beneficiaries");
        }
        return cases.one(reporting.report(dose, form, ReportingAdverseEvent.Source.CITIZEN));
    }

    @GetMapping("/api/v2/registration/aefi")
    Map<String, Object> ownReports() {
        CitizenPrincipal citizen = CurrentUser.citizen();
        List<String> refs = beneficiaries.ofAccount(citizen.accountId()).stream().map(b -> b.id().value()).toList();
        return Map.of("reports", cases.ofBeneficiaries(refs));
    }

    @GetMapping("/api/v2/public/aefi/terms")
    Map<String, Object> terms() {
        return Map.of("symptoms", AefiTerms.SYMPTOMS, "severities", AefiTerms.SEVERITIES, "outcomes", AefiTerms.OUTCOMES,
                "classifications", AefiTerms.CLASSIFICATIONS);
    }
}
