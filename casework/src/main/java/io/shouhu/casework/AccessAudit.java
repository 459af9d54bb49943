package io.shouhu.casework;

import org.springframework.stereotype.Service;

/**
 * The access audit as a jurisdiction's supervisor reads it: who did what to a report, case, task,
 * attachment or reporter record, and whether the hash chains are intact.
 */
@Service
public class AccessAudit {

	private final AuditTrail trail;

	AccessAudit(AuditTrail trail) {
		this.trail = trail;
	}

	/**
	 * The entries about a subject of the supervisor's jurisdiction, newest first.
	 * @param cursor the {@link AuditPage#next()} of the page before, or {@code null}
	 * @throws NotPermitted when the actor is not a supervisor
	 * @throws InvalidCommand when the subject is missing or the cursor malformed
	 */
	public AuditPage list(Actor actor, String subjectId, String cursor, int limit) {
		return trail.list(actor, subjectId, cursor, limit);
	}

	/**
	 * Walks every chain of the supervisor's jurisdiction.
	 * @throws NotPermitted when the actor is not a supervisor
	 */
	public AuditVerification verify(Actor actor) {
		return trail.verify(actor);
	}
}
