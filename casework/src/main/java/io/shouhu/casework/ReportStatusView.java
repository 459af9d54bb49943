package io.shouhu.casework;

import java.time.Instant;

/**
 * What the reporting hospital may know of its report: its status, nothing of the case and nothing of
 * the reporter.
 *
 * @param report the report, also the id of its status Task
 * @param hospital the hospital that sent it
 * @param jurisdiction the procuratorate that owns it
 * @param intakeKey the hospital's own identifier of the report ({@code Bundle.identifier})
 * @param subjectReference the patient reference as the hospital sent it, may be {@code null}
 * @param status where it stands
 * @param receivedAt when it was taken in
 * @param lastUpdated when its status last changed
 * @param rejectionReason why it was rejected, for {@link ReportStatus#REJECTED} only
 */
public record ReportStatusView(ReportId report, HospitalId hospital, JurisdictionId jurisdiction, IntakeKey intakeKey,
		String subjectReference, ReportStatus status, Instant receivedAt, Instant lastUpdated,
		RejectionReason rejectionReason) {

	/** A status without a rejection reason. */
	public ReportStatusView(ReportId report, HospitalId hospital, JurisdictionId jurisdiction, IntakeKey intakeKey,
			String subjectReference, ReportStatus status, Instant receivedAt, Instant lastUpdated) {
		this(report, hospital, jurisdiction, intakeKey, subjectReference, status, receivedAt, lastUpdated, null);
	}
}
