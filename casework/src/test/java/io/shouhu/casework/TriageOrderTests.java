package io.shouhu.casework;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Immediate danger is triaged first; within one urgency, the report that waited longest. */
class TriageOrderTests {

	@Test
	void immediateDangerFirstThenOldestFirst() {
		TriageItem routineOld = item("a", Urgency.ROUTINE, "2026-11-01T08:00:00Z");
		TriageItem urgentNew = item("b", Urgency.URGENT, "2026-11-03T08:00:00Z");
		TriageItem urgentOld = item("c", Urgency.URGENT, "2026-11-02T08:00:00Z");
		TriageItem dangerNewest = item("d", Urgency.IMMEDIATE_DANGER, "2026-11-04T08:00:00Z");

		List<String> order = Stream.of(routineOld, urgentNew, urgentOld, dangerNewest)
			.sorted(Triage.QUEUE_ORDER)
			.map(i -> i.report().value())
			.toList();

		assertThat(order).containsExactly("d", "c", "b", "a");
	}

	private static TriageItem item(String id, Urgency urgency, String receivedAt) {
		return new TriageItem(new ReportId(id), urgency, Set.of(Situation.S4), SituationCheck.NOT_ASSESSED,
				new HospitalId("hospital-01"), Instant.parse(receivedAt), 9, Sex.MALE, ReportStatus.RECEIVED);
	}
}
