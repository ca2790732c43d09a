/**
 * Sessions, slots and appointments: facility admins publish sessions, the public searches them,
 * citizens book, reschedule and cancel. Capacity is taken atomically in PostgreSQL so a session is
 * never overbooked, whatever the number of app nodes.
 */
package org.openvin.scheduling;
