/**
 * The country profile: everything country-specific (languages, regions, ID types, genders,
 * vaccines and their dose rules, limits, certificate formats), read from one YAML file and
 * checked at start-up, plus the CoWIN metadata API that serves it.
 */
package org.openvin.profile;
