package io.shouhu.casework;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One line of work of a case, kept inside the case document. Changed only through {@link Case}. */
class Track {

	TrackType type;

	TrackStatus status;

	UserId owner;

	String notNeededReason;

	List<MilestoneRecord> milestones = new ArrayList<>();

	Instant startedAt;

	Instant finishedAt;

	Track() {
	}

	Track(TrackType type) {
		this.type = type;
		this.status = TrackStatus.NOT_STARTED;
	}

	boolean reached(Milestone milestone) {
		return milestones.stream().anyMatch(m -> m.milestone() == milestone);
	}

	TrackDetails details() {
		return new TrackDetails(type, status, owner, notNeededReason, List.copyOf(milestones), startedAt, finishedAt);
	}
}
