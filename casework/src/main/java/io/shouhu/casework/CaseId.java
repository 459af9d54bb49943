package io.shouhu.casework;

import java.util.Objects;
import java.util.Optional;

/** Identifies one case (一件事). */
public record CaseId(String value) {

	public CaseId {
		Objects.requireNonNull(value, "value");
		if (!value.matches("[A-Za-z0-9\\-]{1,80}")) {
			throw new IllegalArgumentException("malformed case id");
		}
	}

	/**
	 * The case a report opens when it is accepted. Derived, so that an accept retried after a crash
	 * finds the case it opened instead of opening a second one.
	 */
	static CaseId openedBy(ReportId report) {
		return new CaseId("c-" + report.value());
	}

	/** A case id from untrusted input, or empty when it cannot be one. */
	public static Optional<CaseId> parse(String candidate) {
		try {
			return Optional.of(new CaseId(candidate));
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	@Override
	public String toString() {
		return value;
	}
}
