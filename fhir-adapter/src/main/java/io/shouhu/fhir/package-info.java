/**
 * The hospital-facing FHIR R4 server at {@code /fhir} (HAPI plain server): SMART discovery, the report
 * message operation {@code $process-message} and the status {@code Task} a hospital reads back. It
 * translates FHIR into casework commands and casework answers into FHIR; casework decides. The one
 * {@code FhirContext} of the application is defined here; no HAPI type leaves this package.
 */
package io.shouhu.fhir;
