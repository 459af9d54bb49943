package io.shouhu.casework;

import java.time.Instant;

/**
 * What happened to cases, for other modules (alerts). Ids only, never personal data. Published
 * after the change is stored; a listener must be idempotent, as a retried command may publish an
 * event again.
 */
public final class CaseEvents {

	private CaseEvents() {
	}

	/** A report opened a case. */
	public record CaseOpened(CaseId caseId, ReportId report, JurisdictionId jurisdiction, Urgency urgency) {
	}

	/** A report was merged into an open case. */
	public record ReportMerged(CaseId caseId, ReportId report, JurisdictionId jurisdiction) {
	}

	/**
	 * Intake proposed to reject a report: the supervisor must decide.
	 * @param proposedAt when: a proposal declined and made again is a new one
	 */
	public record RejectionProposed(ReportId report, JurisdictionId jurisdiction, Instant proposedAt) {
	}

	/** A task was given to a person or a team, new or reassigned. */
	public record TaskAssigned(TaskId task, JurisdictionId jurisdiction, UserId assignee, Role team, Instant due,
			int assignment) {
	}

	/**
	 * The lead asked to close a case: the supervisor must approve.
	 * @param requestedAt when: a request declined and made again is a new one
	 */
	public record ClosureRequested(CaseId caseId, JurisdictionId jurisdiction, Instant requestedAt) {
	}

	/** A case was closed. */
	public record CaseClosed(CaseId caseId, JurisdictionId jurisdiction) {
	}

	/**
	 * A case was offered to another jurisdiction: its supervisor must accept.
	 * @param requestedAt when: an offer declined and made again is a new one
	 */
	public record TransferRequested(CaseId caseId, JurisdictionId from, JurisdictionId to, Instant requestedAt) {
	}
}
