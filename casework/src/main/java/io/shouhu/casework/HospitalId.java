package io.shouhu.casework;

import java.util.Objects;

/** A hospital registered with the system, e.g. {@code hospital-01}; also its OAuth2 client id. */
public record HospitalId(String value) {

	public HospitalId {
		Objects.requireNonNull(value, "value");
		if (value.isBlank() || value.length() > 64) {
			throw new IllegalArgumentException("malformed HospitalId");
		}
	}

	@Override
	public String toString() {
		return value;
	}
}
