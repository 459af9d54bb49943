package io.shouhu.casework;

/**
 * Where a report stands, as far as its hospital may know. Only moves forward, except that a
 * proposed rejection the supervisor declines goes back to {@link #RECEIVED}.
 */
public enum ReportStatus {

	/** Taken in and waiting in the triage queue of its jurisdiction. */
	RECEIVED,
	/** Intake proposed to reject it; waits for the supervisor. The hospital still sees it received. */
	REJECTION_PROPOSED,
	/** Rejected with the supervisor's approval. Final. */
	REJECTED,
	/** A case was opened for it, or it was merged into an open case of the same child. */
	ACCEPTED,
	/** Work on the child's case has begun. */
	IN_PROGRESS,
	/** The case was closed. Final. */
	COMPLETED;

	/** Whether the report still waits for a triage decision. */
	public boolean awaitsTriage() {
		return this == RECEIVED || this == REJECTION_PROPOSED;
	}

	/** Whether a case status may move the report here: feedback never goes back. */
	boolean mayAdvanceTo(ReportStatus next) {
		return (this == ACCEPTED || this == IN_PROGRESS) && next.ordinal() > ordinal() && next != REJECTED;
	}
}
