package io.shouhu.casework;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A case as its prosecutors and supervisor see it. The child's personal data is not here: it stays
 * with {@code childReport} and is read from there only for views that need it.
 *
 * @param transferRequestedTo the jurisdiction a waiting transfer goes to, or {@code null}
 * @param version the case's version, for {@code If-Match}
 */
public record CaseDetails(CaseId id, String number, JurisdictionId jurisdiction, CaseStatus status, Urgency urgency,
		Set<Situation> situations, UserId lead, List<ReportId> sourceReports, ReportId childReport,
		List<TrackDetails> tracks, List<TaskDetails> tasks, String contactChannel, String playbookVersion,
		Instant openedAt, Instant updatedAt, JurisdictionId transferRequestedTo, CaseId transferredTo,
		CaseId transferredFrom, long version) {
}
