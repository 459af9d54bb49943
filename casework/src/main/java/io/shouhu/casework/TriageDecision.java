package io.shouhu.casework;

import java.time.Instant;

/**
 * The intake decision on a report, as recorded on it.
 *
 * @param caseId the case it opened or joined; {@code null} for a rejection
 * @param caseNumber for an accept: the number of the case it opens, allocated before the report
 *        records the decision so that opening the case can be resumed with the same number
 * @param lead for an accept: the lead prosecutor named at once, or {@code null}
 * @param reason for a rejection
 * @param text the intake prosecutor's words on a rejection, for the supervisor; never sent to the hospital
 * @param approvedBy the supervisor who approved a rejection, once approved
 */
public record TriageDecision(Kind kind, UserId by, Instant at, CaseId caseId, String caseNumber, UserId lead,
		RejectionReason reason, String text, UserId approvedBy, Instant approvedAt) {

	/** What intake decided. */
	public enum Kind {

		/** Opened a case. */
		ACCEPT,
		/** Joined an open case of the same child. */
		MERGE,
		/** Rejected; final only with the supervisor's approval. */
		REJECT
	}
}
