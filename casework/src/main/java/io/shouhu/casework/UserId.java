package io.shouhu.casework;

import java.util.Objects;

/** A member of staff of a procuratorate, by login name. */
public record UserId(String value) {

	public UserId {
		Objects.requireNonNull(value, "value");
		if (value.isBlank() || value.length() > 64) {
			throw new IllegalArgumentException("malformed UserId");
		}
	}

	@Override
	public String toString() {
		return value;
	}
}
