package io.shouhu.casework;

import java.util.Objects;

/**
 * One access to audit, as a caller hands it to the {@link AuditTrail}: who (a user or a client id),
 * in which role, what they did to which subject, why (when they said) and whether it was allowed.
 * {@code jurisdiction} is the chain the entry goes in: the actor's jurisdiction, or for the system the
 * subject's. {@code owner} is the jurisdiction the subject belongs to, {@code null} when it is not known
 * (a refused probe of an id that does not exist). {@code purpose} may be {@code null}.
 */
record AuditEvent(String actor, String role, String jurisdiction, String action, String subjectType, String subjectId,
		String owner, String purpose, AuditOutcome outcome) {

	AuditEvent {
		Objects.requireNonNull(actor, "actor");
		Objects.requireNonNull(role, "role");
		Objects.requireNonNull(jurisdiction, "jurisdiction");
		Objects.requireNonNull(action, "action");
		Objects.requireNonNull(subjectType, "subjectType");
		Objects.requireNonNull(subjectId, "subjectId");
		Objects.requireNonNull(outcome, "outcome");
		if (jurisdiction.isBlank()) {
			throw new IllegalArgumentException("blank jurisdiction");
		}
	}
}
