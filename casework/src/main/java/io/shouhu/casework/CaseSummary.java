package io.shouhu.casework;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** One case in a list: enough to choose which to open. No names. */
public record CaseSummary(CaseId id, String number, CaseStatus status, Urgency urgency, Set<Situation> situations,
		UserId lead, List<TrackType> activeTracks, int pendingTasks, int overdueTasks, Instant openedAt,
		Instant updatedAt) {
}
