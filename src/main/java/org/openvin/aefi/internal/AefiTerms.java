package org.openvin.aefi.internal;

import java.util.List;

/**
 * The closed lists of an AEFI report, after the WHO AEFI reporting and causality-assessment forms.
 * Codes, not free text, so counts per lot and vaccine can be compared across facilities.
 */
final class AefiTerms {

    static final List<String> SYMPTOMS = List.of("INJECTION_SITE_REACTION", "SEVERE_LOCAL_REACTION", "ABSCESS", "FEVER",
            "HEADACHE", "FATIGUE", "MYALGIA", "NAUSEA_VOMITING", "DIARRHOEA", "RASH", "ALLERGIC_REACTION", "ANAPHYLAXIS",
            "SYNCOPE", "SEIZURE", "ENCEPHALOPATHY", "PARALYSIS", "GUILLAIN_BARRE", "THROMBOCYTOPENIA", "THROMBOSIS",
            "MYOCARDITIS", "SEPSIS", "TOXIC_SHOCK", "OTHER");

    static final List<String> SEVERITIES = List.of("MILD", "MODERATE", "SEVERE");

    static final List<String> OUTCOMES = List.of("RECOVERED", "RECOVERING", "NOT_RECOVERED", "RECOVERED_WITH_SEQUELAE",
            "DIED", "UNKNOWN");

    /** WHO causality assessment (2019): A consistent, B indeterminate, C coincidental, or unclassifiable. */
    static final List<String> CLASSIFICATIONS = List.of("A1_VACCINE_PRODUCT", "A2_QUALITY_DEFECT", "A3_IMMUNIZATION_ERROR",
            "A4_IMMUNIZATION_ANXIETY", "B1_INDETERMINATE_CONSISTENT", "B2_INDETERMINATE_CONFLICTING", "C_COINCIDENTAL",
            "UNCLASSIFIABLE");

    static final List<String> STATUSES = List.of("REPORTED", "INVESTIGATED", "CLASSIFIED");

    private AefiTerms() {
    }
}
