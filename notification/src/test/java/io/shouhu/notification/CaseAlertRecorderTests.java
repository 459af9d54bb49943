package io.shouhu.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.shouhu.casework.CaseEvents;
import io.shouhu.casework.CaseId;
import io.shouhu.casework.JurisdictionId;
import io.shouhu.casework.Role;
import io.shouhu.casework.TaskId;
import io.shouhu.casework.UserId;
import org.junit.jupiter.api.Test;

/** Who a change to a case alerts, once per change however often the change is said. */
class CaseAlertRecorderTests extends AlertsTestBase {

	static final JurisdictionId LONGWAN = new JurisdictionId("longwan");

	static final JurisdictionId OUHAI = new JurisdictionId("ouhai");

	static final UserId LIU = new UserId("liu.social");

	static final UserId CHEN = new UserId("chen.social");

	static final UserId BOSS = new UserId("boss");

	static final UserId BOSS_B = new UserId("boss-b");

	Escalator escalator = escalator();

	CaseAlertRecorder recorder = new CaseAlertRecorder(referenceData, alerts, dispatcher, escalator, quietHours,
			Optional.of(clock));

	TaskId task = TaskId.parse("c-1.t3").orElseThrow();

	@Test
	void aTaskForATeamAlertsEachMemberOnceAndItsReassignmentAgain() {
		staff(LONGWAN, Role.SOCIAL_WORKER, LIU, CHEN);
		CaseEvents.TaskAssigned toTeam = new CaseEvents.TaskAssigned(task, LONGWAN, null, Role.SOCIAL_WORKER,
				clock.instant().plus(Duration.ofDays(3)), 0);
		recorder.on(toTeam);
		recorder.on(toTeam);
		assertThat(inbox.of(LIU)).singleElement().satisfies(alert -> {
			assertThat(alert.type()).isEqualTo("task-assigned");
			assertThat(alert.taskId()).isEqualTo("c-1.t3");
			assertThat(alert.caseId()).isEqualTo("c-1");
			assertThat(alert.reportId()).isNull();
			assertThat(alert.priority()).isEqualTo("normal");
			assertThat(alert.link()).isEqualTo("shouhu://tasks/c-1.t3");
		});
		assertThat(inbox.of(CHEN)).hasSize(1);

		recorder.on(new CaseEvents.TaskAssigned(task, LONGWAN, LIU, null, clock.instant().plus(Duration.ofDays(3)), 1));
		assertThat(inbox.of(LIU)).hasSize(2);
		assertThat(inbox.of(CHEN)).hasSize(1);
	}

	@Test
	void whatWaitsForApprovalAlertsTheSupervisorAndATransferTheReceivingOne() {
		staff(LONGWAN, Role.SUPERVISOR, BOSS);
		staff(OUHAI, Role.SUPERVISOR, BOSS_B);
		CaseId kase = CaseId.parse("c-1").orElseThrow();
		Instant first = clock.instant();
		recorder.on(new CaseEvents.ClosureRequested(kase, LONGWAN, first));
		recorder.on(new CaseEvents.ClosureRequested(kase, LONGWAN, first));
		recorder.on(new CaseEvents.ClosureRequested(kase, LONGWAN, first.plusSeconds(3600)));
		recorder.on(new CaseEvents.TransferRequested(kase, LONGWAN, OUHAI, first));

		List<InboxAlert> boss = inbox.of(BOSS);
		assertThat(boss).extracting(InboxAlert::type).containsExactly("closure-requested", "closure-requested");
		assertThat(boss).extracting(InboxAlert::priority).containsOnly("high");
		assertThat(inbox.of(BOSS_B)).singleElement().satisfies(alert -> {
			assertThat(alert.type()).isEqualTo("transfer-requested");
			assertThat(alert.caseId()).isEqualTo("c-1");
		});
	}

	@Test
	void theirPushCarriesIdsOnlyAndWakesThePhoneOnlyWhenUrgent() {
		AlertDocument task = AlertDocument.create("a1", AlertDocument.TASK_ASSIGNED, AlertDocument.NORMAL, "liu",
				"longwan", null, "c-1", "c-1.t3", "shouhu://tasks/c-1.t3", clock.instant());
		assertThat(PushMessages.data(task)).containsOnlyKeys("type", "alertId", "caseId", "taskId", "priority", "link");
		assertThat(PushMessages.urgent(task)).isFalse();
		AlertDocument closure = AlertDocument.create("a2", AlertDocument.CLOSURE_REQUESTED, AlertDocument.HIGH, "boss",
				"longwan", null, "c-1", null, "shouhu://cases/c-1", clock.instant());
		assertThat(PushMessages.urgent(closure)).isTrue();
	}

	@Test
	void aNewTaskInTheAssigneesQuietHoursWaitsForTheirEndAnApprovalDoesNot() {
		staff(LONGWAN, Role.SUPERVISOR, BOSS);
		quiet.set(LIU, QuietHours.parse("07:00", "20:00", "Asia/Shanghai")); // 16:00 there now: quiet
		quiet.set(BOSS, QuietHours.parse("07:00", "20:00", "Asia/Shanghai"));
		recorder.on(new CaseEvents.TaskAssigned(task, LONGWAN, LIU, null, clock.instant().plus(Duration.ofDays(3)), 0));
		recorder.on(new CaseEvents.ClosureRequested(CaseId.parse("c-1").orElseThrow(), LONGWAN, clock.instant()));

		AlertDocument waiting = alerts.byId(inbox.of(LIU).get(0).id()).orElseThrow();
		assertThat(waiting.nextAttemptAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z")); // 20:00 there
		AlertDocument approval = alerts.byId(inbox.of(BOSS).get(0).id()).orElseThrow();
		assertThat(approval.nextAttemptAt()).isEqualTo(clock.instant());
	}

	@Test
	void quietHoursAcrossMidnightAndWithinADay() {
		QuietHours night = QuietHours.parse("22:00", "07:00", "Asia/Shanghai");
		assertThat(night.endIfQuiet(Instant.parse("2026-03-01T15:30:00Z"))).contains(Instant.parse("2026-03-01T23:00:00Z"));
		assertThat(night.endIfQuiet(Instant.parse("2026-03-01T22:59:00Z"))).contains(Instant.parse("2026-03-01T23:00:00Z"));
		assertThat(night.endIfQuiet(Instant.parse("2026-03-01T23:00:00Z"))).isEmpty();
		assertThat(night.endIfQuiet(Instant.parse("2026-03-01T13:59:00Z"))).isEmpty();
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> QuietHours.parse("25:00", "07:00", "Asia/Shanghai"));
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> QuietHours.parse("22:00", "07:00", "Mars/Olympus"));
	}
}
