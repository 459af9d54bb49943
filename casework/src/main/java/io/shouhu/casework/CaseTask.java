package io.shouhu.casework;

import java.time.Instant;

/** A unit of work on a track, kept inside the case document. Changed only through {@link Case}. */
class CaseTask {

	int number;

	TrackType track;

	String kind;

	String titleChinese;

	String titleEnglish;

	/** The person it is assigned to, or {@code null} when it is for a team. */
	UserId assignee;

	/** The role team of the case's jurisdiction it is for, when no person is named. */
	Role team;

	TaskStatus status;

	Instant due;

	Instant createdAt;

	UserId acknowledgedBy;

	Instant acknowledgedAt;

	UserId doneBy;

	Instant doneAt;

	String outcome;

	/** Counts this task's own changes: the version a caller's If-Match names. */
	long revision;

	CaseTask() {
	}

	boolean overdue(Instant now) {
		return status.pending() && due != null && now.isAfter(due);
	}

	/** Whether the task is the actor's: theirs by name, or their team's when no one is named. */
	boolean isFor(Actor actor) {
		return assignee != null ? assignee.equals(actor.user()) : team != null && actor.has(team);
	}

	TaskDetails details(CaseId kase, Instant now) {
		return new TaskDetails(TaskId.of(kase, number), kase, track, kind, titleChinese, titleEnglish, assignee, team,
				status, due, overdue(now), createdAt, acknowledgedBy, acknowledgedAt, doneBy, doneAt, outcome, revision);
	}
}
