/**
 * Doses given at the point of care: the vaccinator's API (beneficiary search, walk-in
 * registration, recording a dose idempotently), the dose rules checked there, and the
 * {@link org.openvin.vaccination.DoseRecorded} event other modules (certificates, stock,
 * dashboards) react to. Owns the tables {@code vaccination} and {@code vaccination_request}.
 */
package org.openvin.vaccination;
