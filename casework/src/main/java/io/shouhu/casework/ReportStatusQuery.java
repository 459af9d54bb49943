package io.shouhu.casework;

import java.time.Instant;

/**
 * A hospital's search of its own reports' statuses; every criterion is optional and they combine.
 *
 * @param identifierSystem the system of the hospital's report identifier, {@code null} for any
 * @param identifierValue the value of the hospital's report identifier, {@code null} for any
 * @param report one report, {@code null} for any
 * @param updatedAfter only reports whose status changed after this instant, {@code null} for any
 * @param limit at most this many, newest change first
 */
public record ReportStatusQuery(String identifierSystem, String identifierValue, ReportId report,
		Instant updatedAfter, int limit) {

	/** The largest page a search returns. */
	public static final int MAX_LIMIT = 500;

	public ReportStatusQuery {
		limit = Math.max(1, Math.min(limit, MAX_LIMIT));
	}
}
