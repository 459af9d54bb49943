package io.shouhu.casework;

/**
 * The doctor who made a report. Sealed: no view, event, push, log line or FHIR resource carries it.
 *
 * @param name the practitioner's name, may be {@code null}
 * @param identifierSystem the system of the practitioner's identifier, may be {@code null}
 * @param identifierValue the practitioner's identifier, may be {@code null}
 */
public record Reporter(String name, String identifierSystem, String identifierValue) {

	@Override
	public String toString() {
		return "Reporter[sealed]";
	}
}
