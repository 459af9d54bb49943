package io.shouhu.casework;

import java.time.Duration;

/**
 * A task a playbook starts a track with.
 *
 * @param kind a short code naming the task, unique within its track, e.g. {@code refer-to-police}
 * @param team the role whose team gets the task (a prosecutor's task goes to the lead when there is one)
 * @param due how long after the case opens it is due, for the case's urgency
 */
public record PlannedTask(TrackType track, String kind, String titleChinese, String titleEnglish, Role team,
		Duration due) {
}
