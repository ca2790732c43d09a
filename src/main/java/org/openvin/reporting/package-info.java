/**
 * Reporting: aggregates kept as doses are recorded (by day, region, age group, gender, vaccine,
 * dose), the public dashboard and open data built on them, officials' reports within their
 * scope, line-list and FHIR exports. No personal data leaves through the public side.
 */
package org.openvin.reporting;
