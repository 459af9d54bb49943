package io.shouhu.casework;

import java.time.Instant;
import java.util.Set;

/**
 * An open case that may be about the same child as a report waiting in triage.
 *
 * @param matchedOn {@code national-id}, or {@code name-birth-date-sex}
 */
public record MergeCandidate(CaseId caseId, String number, String matchedOn, Urgency urgency,
		Set<Situation> situations, Instant openedAt) {
}
