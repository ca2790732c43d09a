/**
 * Who is who: citizens logging in by mobile OTP, the beneficiaries they register (photo-ID
 * numbers kept only as a keyed hash and ciphertext, duplicates refused population-wide), staff
 * accounts with roles scoped to a region or facility, and the tokens that carry all of it.
 */
package org.openvin.identity;
