package io.shouhu.casework;

import java.util.Objects;

/**
 * The sender's own identifier of a report (FHIR {@code Bundle.identifier}), unique per hospital: the
 * same key twice is the same report.
 */
public record IntakeKey(String system, String value) {

	public IntakeKey {
		Objects.requireNonNull(value, "value");
		system = system == null ? "" : system;
		if (value.isBlank() || value.length() > 256 || system.length() > 512) {
			throw new IllegalArgumentException("malformed intake key");
		}
	}
}
