/**
 * The facility registry: vaccination centres with their place in the country's hierarchy,
 * opening hours, fees and status. District and state admins manage them inside their scope.
 */
package org.openvin.registry;
