package io.shouhu.casework;

import java.util.Objects;
import java.util.UUID;

/** Identifies one received report. Also the id of the hospital-facing status Task. */
public record ReportId(String value) {

	public ReportId {
		Objects.requireNonNull(value, "value");
		if (!value.matches("[A-Za-z0-9\\-]{1,64}")) {
			throw new IllegalArgumentException("malformed report id");
		}
	}

	static ReportId generate() {
		return new ReportId(UUID.randomUUID().toString());
	}

	/** A report id from untrusted input, or empty when it cannot be one. */
	public static java.util.Optional<ReportId> parse(String candidate) {
		try {
			return java.util.Optional.of(new ReportId(candidate));
		}
		catch (RuntimeException ex) {
			return java.util.Optional.empty();
		}
	}

	@Override
	public String toString() {
		return value;
	}
}
