package io.shouhu.casework;

/** The rules a triage decision or a change to a case can break; each names a problem type. */
public enum CaseRule {

	/** A report in immediate danger waits in the queue: it is decided before any less urgent one. */
	IMMEDIATE_DANGER_FIRST,
	/** The report was already accepted, merged or rejected. */
	REPORT_ALREADY_TRIAGED,
	/** Approving or declining a rejection needs a proposed one. */
	NO_REJECTION_PROPOSED,
	/** A report is merged into an open case only. */
	MERGE_TARGET_NOT_OPEN,
	/** A lead must be a prosecutor of the case's jurisdiction. */
	LEAD_NOT_A_PROSECUTOR,
	/** An assignee must be staff of the case's jurisdiction. */
	ASSIGNEE_NOT_IN_JURISDICTION,
	/** The case is closing, closed or transferred: nothing changes any more. */
	CASE_NOT_OPEN,
	/** The track was completed or found not needed. */
	TRACK_FINISHED,
	/** Starting a track that was started already. */
	TRACK_ALREADY_STARTED,
	/** Completing a track that is not active. */
	TRACK_NOT_ACTIVE,
	/** A track with open or acknowledged tasks cannot be finished. */
	TRACK_HAS_PENDING_TASKS,
	/** A milestone needs another one first. */
	MILESTONE_PREREQUISITE_MISSING,
	/** A milestone that happens once was recorded already. */
	MILESTONE_ALREADY_RECORDED,
	/** A milestone ruled out by one recorded already (e.g. not filed after filed). */
	MILESTONE_EXCLUDED,
	/** A milestone only the system records. */
	MILESTONE_AUTOMATIC,
	/** A task that is done or cancelled. */
	TASK_NOT_PENDING,
	/** Acknowledging a task acknowledged already. */
	TASK_ALREADY_ACKNOWLEDGED,
	/** Closing needs every track completed or not needed. */
	TRACKS_UNFINISHED,
	/** Approving or declining closure needs a closing case. */
	CLOSURE_NOT_REQUESTED,
	/** A transfer needs another jurisdiction, and one transfer at a time. */
	TRANSFER_NOT_POSSIBLE,
	/** Accepting or declining a transfer needs one requested to the caller's jurisdiction. */
	NO_TRANSFER_REQUESTED;

	/** The code used in problem types, e.g. {@code track-has-pending-tasks}. */
	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}
}
