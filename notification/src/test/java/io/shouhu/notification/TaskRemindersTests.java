package io.shouhu.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.shouhu.casework.DueTask;
import io.shouhu.casework.JurisdictionId;
import io.shouhu.casework.Role;
import io.shouhu.casework.TaskId;
import io.shouhu.casework.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A task due soon reminds its people once; overdue, its people and the supervisor, once more. */
class TaskRemindersTests extends AlertsTestBase {

	static final JurisdictionId LONGWAN = new JurisdictionId("longwan");

	static final UserId LIU = new UserId("liu.social");

	static final UserId BOSS = new UserId("boss");

	TaskReminders reminders = new TaskReminders(Optional.of(cases), referenceData, alerts, dispatcher, quietHours,
			Optional.of(clock));

	TaskId task = TaskId.parse("c-1.t2").orElseThrow();

	Instant due = clock.instant().plus(Duration.ofHours(30));

	@BeforeEach
	void staff() {
		staff(LONGWAN, Role.SOCIAL_WORKER, LIU);
		staff(LONGWAN, Role.SUPERVISOR, BOSS);
		// as casework answers: the pending tasks due before the time asked
		when(cases.tasksDueBefore(any())).thenAnswer(call -> due.isBefore(call.getArgument(0))
				? List.of(new DueTask(task, LONGWAN, null, Role.SOCIAL_WORKER, due)) : List.of());
	}

	@Test
	void dueWithinADayThenOverdueEachOnce() {
		reminders.sweep();
		assertThat(inbox.of(LIU)).isEmpty();

		clock.advance(Duration.ofHours(7));
		reminders.sweep();
		reminders.sweep();
		assertThat(inbox.of(LIU)).singleElement().satisfies(alert -> {
			assertThat(alert.type()).isEqualTo("task-due-soon");
			assertThat(alert.taskId()).isEqualTo("c-1.t2");
		});
		assertThat(inbox.of(BOSS)).isEmpty();

		clock.advance(Duration.ofHours(24));
		reminders.sweep();
		reminders.sweep();
		assertThat(inbox.of(LIU)).extracting(InboxAlert::type).containsExactly("task-overdue", "task-due-soon");
		assertThat(inbox.of(BOSS)).extracting(InboxAlert::type).containsExactly("task-overdue");

		AlertDocument overdue = alerts.byId(inbox.of(LIU).get(0).id()).orElseThrow();
		assertThat(PushMessages.collapseKey(overdue)).isEqualTo("task-c-1.t2");
		assertThat(PushMessages.forDevice(overdue, "tok")).isNotNull();
	}

	@Test
	void aDueTimeBroughtForwardIsRemindedOfAgain() {
		clock.advance(Duration.ofHours(7));
		reminders.sweep();
		due = due.minus(Duration.ofHours(2));
		reminders.sweep();
		assertThat(inbox.of(LIU)).hasSize(2);
	}

	@Test
	void inQuietHoursRemindersWaitInTheInboxAndOneDigestIsPushedWhenTheyEnd() {
		quiet.set(LIU, QuietHours.parse("22:00", "07:00", "Asia/Shanghai"));
		clock.advance(Duration.ofHours(7)); // 23:00 in Shanghai
		reminders.sweep();
		TaskId other = TaskId.parse("c-2.t1").orElseThrow();
		org.mockito.Mockito.doReturn(List.of(new DueTask(task, LONGWAN, null, Role.SOCIAL_WORKER, due),
				new DueTask(other, LONGWAN, LIU, null, due))).when(cases).tasksDueBefore(any());
		reminders.sweep();

		List<InboxAlert> mine = inbox.of(LIU);
		assertThat(mine).filteredOn(a -> a.type().equals("task-due-soon"))
			.hasSize(2)
			.extracting(InboxAlert::delivery)
			.containsOnly("digested");
		InboxAlert digest = mine.stream().filter(a -> a.type().equals("reminder-digest")).findFirst().orElseThrow();
		assertThat(alerts.byId(digest.id()).orElseThrow().nextAttemptAt())
			.isEqualTo(Instant.parse("2026-03-01T23:00:00Z")); // 07:00 in Shanghai
		assertThat(mine).filteredOn(a -> a.type().equals("reminder-digest")).hasSize(1);
	}
}
