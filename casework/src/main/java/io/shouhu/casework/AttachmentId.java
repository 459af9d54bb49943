package io.shouhu.casework;

import java.util.Objects;
import java.util.Optional;

/** Identifies one attachment of a report. */
public record AttachmentId(String value) {

	public AttachmentId {
		Objects.requireNonNull(value, "value");
		if (!value.matches("[a-f0-9]{32}")) {
			throw new IllegalArgumentException("malformed attachment id");
		}
	}

	/** An attachment id from untrusted input, or empty when it cannot be one. */
	public static Optional<AttachmentId> parse(String candidate) {
		try {
			return Optional.of(new AttachmentId(candidate));
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
