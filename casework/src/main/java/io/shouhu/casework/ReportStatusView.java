package io.shouhu.casework;

import java.time.Instant;

/** What the reporting hospital may know of its report: its status, nothing of the case. */
public record ReportStatusView(ReportId report, HospitalId hospital, ReportStatus status, Instant receivedAt) {
}
