package io.shouhu.casework;

import java.util.Objects;

/** A doctor workstation in a hospital, e.g. {@code ws-001}. */
public record WorkstationId(String value) {

	public WorkstationId {
		Objects.requireNonNull(value, "value");
		if (value.isBlank() || value.length() > 64) {
			throw new IllegalArgumentException("malformed WorkstationId");
		}
	}

	@Override
	public String toString() {
		return value;
	}
}
