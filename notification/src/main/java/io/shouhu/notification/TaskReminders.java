package io.shouhu.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.shouhu.casework.CaseManagement;
import io.shouhu.casework.DueTask;
import io.shouhu.casework.ReferenceData;
import io.shouhu.casework.Role;
import io.shouhu.casework.StaffMember;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reminds people of tasks: due within 24 hours and not done → the assignee (or its team); overdue →
 * the assignee and the supervisors. Once per task, due time and person: the alert's id says so, so
 * the sweep may run on every instance and as often as it likes; a task whose due time changes is
 * reminded of again. Pushes of reminders share a collapse key per task, so a phone shows the latest.
 */
@Component
class TaskReminders {

	static final Duration SOON = Duration.ofHours(24);

	static final String DUE_SOON = "task-due-soon";

	static final String OVERDUE = "task-overdue";

	/** Casework's tasks; absent only where casework is not running (module tests). */
	private final Optional<CaseManagement> cases;

	private final ReferenceData referenceData;

	private final Alerts alerts;

	private final PushDispatcher dispatcher;

	private final QuietHoursPolicy quietHours;

	private final Clock clock;

	TaskReminders(Optional<CaseManagement> cases, ReferenceData referenceData, Alerts alerts, PushDispatcher dispatcher,
			QuietHoursPolicy quietHours, Optional<Clock> clock) {
		this.cases = cases;
		this.referenceData = referenceData;
		this.alerts = alerts;
		this.dispatcher = dispatcher;
		this.quietHours = quietHours;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	@Scheduled(initialDelayString = "${shouhu.notification.reminders.sweep-interval:PT5M}",
			fixedDelayString = "${shouhu.notification.reminders.sweep-interval:PT5M}")
	void sweep() {
		if (cases.isEmpty()) {
			return;
		}
		Instant now = clock.instant();
		List<String> recorded = new ArrayList<>();
		for (DueTask task : cases.get().tasksDueBefore(now.plus(SOON))) {
			boolean overdue = !task.due().isAfter(now);
			Set<String> recipients = new LinkedHashSet<>(task.assignee() != null ? List.of(task.assignee().value())
					: staff(task, task.team()));
			if (overdue) {
				recipients.addAll(staff(task, Role.SUPERVISOR));
			}
			String type = overdue ? OVERDUE : DUE_SOON;
			String taskId = task.task().value();
			String subject = taskId + "@" + task.due().toEpochMilli();
			for (String recipient : recipients) {
				String id = Alerts.idFor(type, subject, recipient);
				AlertDocument alert = quietHours.apply(AlertDocument.create(id, type, AlertDocument.NORMAL, recipient,
						task.jurisdiction().value(), null, task.task().caseId().value(), taskId, "shouhu://tasks/" + taskId,
						now), now);
				if (alerts.recordIfAbsent(alert) && alert.pushState() == PushState.PENDING
						&& !alert.nextAttemptAt().isAfter(now)) {
					recorded.add(id);
				}
			}
		}
		recorded.forEach(dispatcher::dispatchSoon);
	}

	private List<String> staff(DueTask task, Role role) {
		if (role == null) {
			return List.of();
		}
		return referenceData.staffWithRole(task.jurisdiction(), role)
			.stream()
			.map(StaffMember::id)
			.map(u -> u.value())
			.toList();
	}
}
