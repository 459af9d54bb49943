package io.shouhu.casework;

import java.util.Objects;

/** A procuratorate that owns cases, e.g. {@code longwan}. */
public record JurisdictionId(String value) {

	public JurisdictionId {
		Objects.requireNonNull(value, "value");
		if (value.isBlank() || value.length() > 64) {
			throw new IllegalArgumentException("malformed JurisdictionId");
		}
	}

	@Override
	public String toString() {
		return value;
	}
}
