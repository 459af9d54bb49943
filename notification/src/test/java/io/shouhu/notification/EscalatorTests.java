package io.shouhu.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.shouhu.casework.JurisdictionId;
import io.shouhu.casework.ReportId;
import io.shouhu.casework.ReportReceived;
import io.shouhu.casework.ReportStatus;
import io.shouhu.casework.Role;
import io.shouhu.casework.Urgency;
import io.shouhu.casework.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An alert nobody acknowledges reaches the next person: intake, then the supervisor, then the deputy
 * chief procurator, around again, with an injected clock (no sleeping) and timers in the store.
 */
class EscalatorTests extends AlertsTestBase {

	static final JurisdictionId LONGWAN = new JurisdictionId("longwan");

	static final UserId INTAKE = new UserId("intake");

	static final UserId BOSS = new UserId("boss");

	static final UserId DEPUTY = new UserId("deputy");

	static final ReportId REPORT = new ReportId("r-1");

	Escalator escalator = escalator();

	AlertRecorder recorder = new AlertRecorder(referenceData, alerts, dispatcher, escalator, Optional.of(clock));

	@BeforeEach
	void staff() {
		staff(Role.INTAKE, INTAKE);
		staff(Role.SUPERVISOR, BOSS);
		staff(Role.DEPUTY_CHIEF, DEPUTY);
		when(triage.statusOf(REPORT)).thenReturn(Optional.of(ReportStatus.RECEIVED));
	}

	void staff(Role role, UserId... users) {
		staff(LONGWAN, role, users);
	}

	void reportInImmediateDanger() {
		recorder.record(new ReportReceived(REPORT, LONGWAN, Urgency.IMMEDIATE_DANGER, clock.instant()));
	}

	@Test
	void anUnacknowledgedCriticalAlertClimbsLevelByLevelAndGoesAroundUntilTheLoopsRunOut() {
		reportInImmediateDanger();
		clock.advance(Duration.ofMinutes(9));
		escalator.sweep();
		assertThat(inbox.of(BOSS)).isEmpty();

		clock.advance(Duration.ofMinutes(1));
		escalator.sweep();
		escalator.sweep();
		assertThat(inbox.of(BOSS)).singleElement().satisfies(alert -> {
			assertThat(alert.type()).isEqualTo("report-received");
			assertThat(alert.priority()).isEqualTo("critical");
			assertThat(alert.reportId()).isEqualTo("r-1");
		});
		assertThat(inbox.of(DEPUTY)).isEmpty();

		clock.advance(Duration.ofMinutes(10));
		escalator.sweep();
		assertThat(inbox.of(DEPUTY)).hasSize(1);

		clock.advance(Duration.ofMinutes(10));
		escalator.sweep();
		assertThat(inbox.of(INTAKE)).as("the second loop starts again with intake").hasSize(2);

		for (int i = 0; i < 6; i++) {
			clock.advance(Duration.ofMinutes(10));
			escalator.sweep();
		}
		assertThat(inbox.of(BOSS)).hasSize(2);
		assertThat(inbox.of(DEPUTY)).hasSize(2);
		assertThat(inbox.of(INTAKE)).hasSize(2);
		assertThat(escalations.byId(Escalator.idFor("report-received", "r-1")).stoppedBy()).isEqualTo("exhausted");
	}

	@Test
	void anAcknowledgementStopsTheChain() {
		reportInImmediateDanger();
		String alert = inbox.of(INTAKE).get(0).id();
		clock.advance(Duration.ofMinutes(3));
		assertThat(inbox.acknowledge(INTAKE, alert)).isTrue();

		clock.advance(Duration.ofMinutes(30));
		escalator.sweep();
		assertThat(inbox.of(BOSS)).isEmpty();
		assertThat(escalations.byId(Escalator.idFor("report-received", "r-1")).stoppedBy()).isEqualTo("intake");
	}

	@Test
	void aReportTriagedMeanwhileEscalatesNoFurther() {
		reportInImmediateDanger();
		when(triage.statusOf(REPORT)).thenReturn(Optional.of(ReportStatus.ACCEPTED));
		clock.advance(Duration.ofMinutes(10));
		escalator.sweep();
		assertThat(inbox.of(BOSS)).isEmpty();
	}

	@Test
	void twoInstancesFiringTheSameTimerAlertTheNextLevelOnceAndATimerSurvivesARestart() throws Exception {
		reportInImmediateDanger();
		Escalator other = escalator();
		clock.advance(Duration.ofMinutes(10));
		Thread a = new Thread(escalator::sweep);
		Thread b = new Thread(other::sweep);
		a.start();
		b.start();
		a.join();
		b.join();
		assertThat(inbox.of(BOSS)).hasSize(1);

		Escalator afterRestart = escalator();
		clock.advance(Duration.ofMinutes(10));
		afterRestart.sweep();
		assertThat(inbox.of(DEPUTY)).hasSize(1);
	}

	@Test
	void aHighAlertWaitsItsOwnTimeoutAndANormalOneNeverEscalates() {
		recorder.record(new ReportReceived(REPORT, LONGWAN, Urgency.URGENT, clock.instant()));
		clock.advance(Duration.ofMinutes(29));
		escalator.sweep();
		assertThat(inbox.of(BOSS)).isEmpty();
		clock.advance(Duration.ofMinutes(1));
		escalator.sweep();
		assertThat(inbox.of(BOSS)).hasSize(1);
		assertThat(escalator.start("task-assigned", "c-1.t1#0", AlertDocument.NORMAL, LONGWAN, Role.SOCIAL_WORKER, null,
				"c-1", "c-1.t1", "shouhu://tasks/c-1.t1")).isNull();
	}

	@Test
	void aClosureDecidedMeanwhileEscalatesNoFurtherOneStillWaitingDoes() {
		io.shouhu.casework.CaseId waiting = io.shouhu.casework.CaseId.parse("c-1").orElseThrow();
		io.shouhu.casework.CaseId decided = io.shouhu.casework.CaseId.parse("c-2").orElseThrow();
		when(cases.stateOf(waiting)).thenReturn(Optional
			.of(new io.shouhu.casework.CaseManagement.CaseState(io.shouhu.casework.CaseStatus.CLOSING, false)));
		when(cases.stateOf(decided)).thenReturn(
				Optional.of(new io.shouhu.casework.CaseManagement.CaseState(io.shouhu.casework.CaseStatus.CLOSED, false)));
		for (io.shouhu.casework.CaseId kase : List.of(waiting, decided)) {
			escalator.start("closure-requested", kase.value() + "@1", AlertDocument.HIGH, LONGWAN, Role.SUPERVISOR, null,
					kase.value(), null, "shouhu://cases/" + kase.value());
		}
		clock.advance(Duration.ofMinutes(30));
		escalator.sweep();
		assertThat(inbox.of(DEPUTY)).singleElement()
			.satisfies(alert -> assertThat(alert.caseId()).isEqualTo("c-1"));
	}
}
