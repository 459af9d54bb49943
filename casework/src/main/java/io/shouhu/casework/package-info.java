/**
 * The domain of Shouhu: mandatory reports of suspected harm to minors as received from hospitals, the
 * triage queue of each jurisdiction, and the reference data (jurisdictions, hospitals, workstations,
 * staff) they are checked against. Knows nothing of FHIR, HTTP, push or the storage driver; other
 * modules talk to it through the types in this package and the events it publishes.
 */
package io.shouhu.casework;
