package io.shouhu.casework;

/** Where one task stands. */
public enum TaskStatus {

	/** Given to a person or a team, not yet taken up. */
	OPEN,
	/** Someone said they are on it. */
	ACKNOWLEDGED,
	/** Done, with an outcome note. Final. */
	DONE,
	/** No longer needed. Final. */
	CANCELLED;

	/** Whether the task still waits for work. */
	public boolean pending() {
		return this == OPEN || this == ACKNOWLEDGED;
	}
}
