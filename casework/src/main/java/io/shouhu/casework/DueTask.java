package io.shouhu.casework;

import java.time.Instant;

/**
 * A pending task with its due time, for reminders.
 * @param assignee the person it is for, or {@code null} when it is for a team
 * @param team the role team it is for when no person is named, else {@code null}
 */
public record DueTask(TaskId task, JurisdictionId jurisdiction, UserId assignee, Role team, Instant due) {
}
