package io.shouhu.casework;

/** Where a report stands. */
public enum ReportStatus {

	/** Taken in and waiting in the triage queue of its jurisdiction. */
	RECEIVED
}
