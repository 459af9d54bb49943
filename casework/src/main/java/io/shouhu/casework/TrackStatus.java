package io.shouhu.casework;

/** Where one track of a case stands. */
public enum TrackStatus {

	/** Nobody works on it yet. */
	NOT_STARTED,
	/** Being worked. */
	ACTIVE,
	/** Its work is done. Final. */
	COMPLETED,
	/** Decided, with a reason, that the child does not need it. Final. */
	NOT_NEEDED;

	/** Whether the track is finished, as closing a case requires. */
	public boolean finished() {
		return this == COMPLETED || this == NOT_NEEDED;
	}
}
