package io.shouhu.casework;

import java.time.Instant;

/**
 * Filters of the case list; {@code null} means no filter.
 *
 * @param track cases where this track is active
 * @param assignee cases led by this person or with a pending task of theirs
 * @param overdue {@code true}: only cases with an overdue task
 * @param updatedSince cases changed at or after this time
 * @param cursor where the previous page ended, or {@code null} for the first page
 * @param limit the page size, 1 to 100
 */
public record CaseQuery(CaseStatus status, TrackType track, Urgency urgency, UserId assignee, Boolean overdue,
		Instant updatedSince, String cursor, int limit) {

	public CaseQuery {
		if (limit < 1 || limit > 100) {
			throw new InvalidCommand("A page holds 1 to 100 cases.");
		}
	}
}
