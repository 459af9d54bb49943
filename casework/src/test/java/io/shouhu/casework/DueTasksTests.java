package io.shouhu.casework;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.shouhu.casework.TwoDistricts.SOCIAL_WORKER;
import static io.shouhu.casework.TwoDistricts.aGirlOf13;
import static org.assertj.core.api.Assertions.assertThat;

/** The tasks reminders are sent for: pending, due before a time, of open cases; from the store or from memory. */
class DueTasksTests {

	@ParameterizedTest(name = "case list in memory: {0}")
	@ValueSource(booleans = { false, true })
	void pendingTasksDueBeforeTheTimeAndNoOthers(boolean inMemory) {
		try (TwoDistricts districts = inMemory ? TwoDistricts.withCaseListInMemory() : new TwoDistricts()) {
			CaseId kase = districts.accepted(districts.reported(aGirlOf13(), Situation.S2));
			CaseDetails details = districts.details(kase);
			Instant latest = details.tasks().stream().map(TaskDetails::due).max(Instant::compareTo).orElseThrow();
			Instant earliest = details.tasks().stream().map(TaskDetails::due).min(Instant::compareTo).orElseThrow();

			assertThat(districts.management.tasksDueBefore(earliest)).isEmpty();
			assertThat(districts.management.tasksDueBefore(latest.plus(Duration.ofSeconds(1))))
				.hasSize(details.tasks().size())
				.allSatisfy(t -> assertThat(t.jurisdiction()).isEqualTo(TwoDistricts.LONGWAN));

			TaskDetails guardian = districts.task(kase, "assess-guardian");
			TaskDetails acknowledged = districts.management.acknowledgeTask(SOCIAL_WORKER, guardian.id(),
					guardian.revision());
			districts.management.completeTask(SOCIAL_WORKER, guardian.id(), acknowledged.revision(), "已完成");
			assertThat(districts.management.tasksDueBefore(latest.plus(Duration.ofSeconds(1))))
				.extracting(DueTask::task)
				.doesNotContain(guardian.id())
				.hasSize(details.tasks().size() - 1);

			districts.finishEveryTrack(kase);
			assertThat(districts.management.tasksDueBefore(latest.plus(Duration.ofDays(365)))).isEmpty();
		}
	}
}
