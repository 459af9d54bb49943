package io.shouhu.casework;

import java.util.Objects;
import java.util.Optional;

/**
 * Identifies one task: the case it belongs to and its number within the case, e.g.
 * {@code c-1234.t3}. The case is part of the id, so a task is found with its case in one read.
 */
public record TaskId(String value) {

	public TaskId {
		Objects.requireNonNull(value, "value");
		if (!value.matches("[A-Za-z0-9\\-]{1,80}\\.t[0-9]{1,6}")) {
			throw new IllegalArgumentException("malformed task id");
		}
	}

	static TaskId of(CaseId kase, int number) {
		return new TaskId(kase.value() + ".t" + number);
	}

	/** The case the task belongs to. */
	public CaseId caseId() {
		return new CaseId(value.substring(0, value.lastIndexOf(".t")));
	}

	/** A task id from untrusted input, or empty when it cannot be one. */
	public static Optional<TaskId> parse(String candidate) {
		try {
			return Optional.of(new TaskId(candidate));
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
