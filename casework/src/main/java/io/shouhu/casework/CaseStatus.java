package io.shouhu.casework;

/** Where a case stands. */
public enum CaseStatus {

	/** Being worked. */
	OPEN,
	/** Every track is finished and the lead asked to close; waits for the supervisor. */
	CLOSING,
	/** Closed with the supervisor's approval. Final. */
	CLOSED,
	/** Handed to another jurisdiction, which carries it on in a case of its own. Final here. */
	TRANSFERRED
}
