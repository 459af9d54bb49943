package io.shouhu.casework;

import java.time.Instant;
import java.util.Set;

/**
 * One report waiting in a triage queue, with just enough to decide what to open first. No names.
 *
 * @param situations the situations the hospital declared
 * @param situationCheck those compared with what the reportability rules found at intake
 */
public record TriageItem(ReportId report, Urgency urgency, Set<Situation> situations, SituationCheck situationCheck,
		HospitalId hospital, Instant receivedAt, int childAge, Sex childSex, ReportStatus status) {
}
