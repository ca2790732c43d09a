/**
 * Sessions, slots and appointments: facility admins publish sessions, the public searches them,
 * citizens book, reschedule and cancel. Capacity is taken atomically in PostgreSQL so a session is
 * never overbooked, whatever the number of app nodes. Availability is answered from each node's
 * memory ({@code internal.AvailabilityIndex}), kept within a second of the database through the
 * {@code availability_change} table and the platform's change feed.
 */
package org.openvin.scheduling;
