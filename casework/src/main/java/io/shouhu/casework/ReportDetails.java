package io.shouhu.casework;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * One report as a prosecutor of its jurisdiction sees it. Never carries the reporter, which is sealed
 * apart.
 *
 * @param situations the situations the hospital declared
 * @param situationCheck those compared with what the reportability rules found at intake
 * @param decision the triage decision, or {@code null} while it waits for one
 * @param version the report's version, for {@code If-Match} on triage decisions
 */
public record ReportDetails(ReportId report, ReportStatus status, Urgency urgency, Set<Situation> situations,
		SituationCheck situationCheck, HospitalId hospital, WorkstationId workstation, JurisdictionId jurisdiction,
		Instant receivedAt, LocalDate encounterDate, Child child, int childAge, String summary,
		List<AttachmentInfo> attachments, TriageDecision decision, long version) {
}
