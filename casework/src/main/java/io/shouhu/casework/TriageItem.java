package io.shouhu.casework;

import java.time.Instant;
import java.util.Set;

/**
 * One report waiting in a triage queue, with just enough to decide what to open first. No names.
 */
public record TriageItem(ReportId report, Urgency urgency, Set<Situation> situations, HospitalId hospital,
		Instant receivedAt, int childAge, Sex childSex, ReportStatus status) {
}
