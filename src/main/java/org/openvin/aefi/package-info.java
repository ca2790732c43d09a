/**
 * Adverse events following immunization, after WHO's AEFI reporting: vaccinators, facility
 * admins and citizens (for their own beneficiaries) report an event against a specific dose, so
 * against its lot; serious cases are flagged to the district admin and go through a case status
 * (reported, investigated, classified with WHO's causality categories); counts per lot and per
 * vaccine feed signal detection. Owns the table {@code aefi_report}.
 */
package org.openvin.aefi;
