package io.shouhu.casework;

import java.time.Instant;
import java.util.List;

/** One track of a case as prosecutors see it. */
public record TrackDetails(TrackType type, TrackStatus status, UserId owner, String notNeededReason,
		List<MilestoneRecord> milestones, Instant startedAt, Instant finishedAt) {
}
