/**
 * Vaccination certificates: issued for every recorded dose (listening to
 * {@code vaccination.DoseRecorded}) in the formats the country profile lists, signed with keys the
 * country controls, published (JWKS, DSC list, revocation lists), downloadable as PDF with the QR,
 * verifiable by anyone, corrected and revoked. Owns the table {@code certificate} and the key
 * files under {@code <openvin.keys.dir>/certificates}. The wire formats live in {@code codec}.
 */
package org.openvin.certificate;
