package io.shouhu.casework;

import java.time.Instant;
import java.util.Map;

/**
 * One change to a case, as its timeline shows it: when, who, what. Appended, never changed.
 *
 * @param actor the user id of who did it, or {@code system}
 * @param type what happened, e.g. {@code case-opened}, {@code milestone-recorded}, {@code comment}
 * @param track the track concerned, or {@code null}
 * @param task the task concerned, or {@code null}
 * @param data the particulars, by name (codes, ids and the text of comments and reasons)
 */
public record TimelineEntry(Instant at, String actor, String type, TrackType track, TaskId task,
		Map<String, String> data) {

	public TimelineEntry {
		data = data == null ? Map.of() : Map.copyOf(data);
	}
}
