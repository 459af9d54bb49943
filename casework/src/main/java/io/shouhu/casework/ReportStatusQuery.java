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
 * @param continueAfter where the previous page ended: only reports that come after it in the order
 *        (older change, or the same change time and a smaller id); {@code null} for the first page
 */
public record ReportStatusQuery(String identifierSystem, String identifierValue, ReportId report,
		Instant updatedAfter, int limit, Position continueAfter) {

	/** A place in the order of a search: a report's last change and its id. */
	public record Position(Instant lastUpdated, ReportId report) {
	}

	/** The first page. */
	public ReportStatusQuery(String identifierSystem, String identifierValue, ReportId report, Instant updatedAfter,
			int limit) {
		this(identifierSystem, identifierValue, report, updatedAfter, limit, null);
	}

	/** The largest page a search returns. */
	public static final int MAX_LIMIT = 500;

	public ReportStatusQuery {
		limit = Math.max(1, Math.min(limit, MAX_LIMIT));
	}
}
