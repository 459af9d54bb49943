package io.shouhu.casework;

import java.time.Instant;

/**
 * One task as its case's prosecutors and its assignee see it.
 *
 * @param assignee the person, or {@code null} when the task is for a team
 * @param team the role team, when no person is named
 * @param revision the task's version, for {@code If-Match}
 */
public record TaskDetails(TaskId id, CaseId caseId, TrackType track, String kind, String titleChinese,
		String titleEnglish, UserId assignee, Role team, TaskStatus status, Instant due, boolean overdue,
		Instant createdAt, UserId acknowledgedBy, Instant acknowledgedAt, UserId doneBy, Instant doneAt, String outcome,
		long revision) {

	public String title(boolean english) {
		return english ? titleEnglish : titleChinese;
	}
}
