package io.shouhu.notification;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.shouhu.casework.CaseEvents;
import io.shouhu.casework.JurisdictionId;
import io.shouhu.casework.ReferenceData;
import io.shouhu.casework.Role;
import io.shouhu.casework.StaffMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Alerts the people a change to a case waits on: the assignee (or every member of the team) of a task
 * given or passed on, the supervisor of a proposed rejection or a requested closure, the receiving
 * supervisor of a transfer. The events come from the case's outbox, stored with the change and
 * published again after a crash, so each alert's id is derived from the event (a repeat records
 * nothing new) and only then is the push handed to the dispatcher.
 */
@Component
class CaseAlertRecorder {

	private static final Logger log = LoggerFactory.getLogger(CaseAlertRecorder.class);

	private final ReferenceData referenceData;

	private final Alerts alerts;

	private final PushDispatcher dispatcher;

	private final Escalator escalator;

	private final QuietHoursPolicy quietHours;

	private final Clock clock;

	CaseAlertRecorder(ReferenceData referenceData, Alerts alerts, PushDispatcher dispatcher, Escalator escalator,
			QuietHoursPolicy quietHours, Optional<Clock> clock) {
		this.referenceData = referenceData;
		this.alerts = alerts;
		this.dispatcher = dispatcher;
		this.escalator = escalator;
		this.quietHours = quietHours;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	@EventListener
	void on(CaseEvents.TaskAssigned event) {
		List<String> recipients = event.assignee() != null ? List.of(event.assignee().value())
				: staff(event.jurisdiction(), event.team());
		String task = event.task().value();
		String caseId = event.task().caseId().value();
		record(AlertDocument.TASK_ASSIGNED, AlertDocument.NORMAL, event.jurisdiction(), task + "#" + event.assignment(),
				recipients, null, caseId, task, "shouhu://tasks/" + task);
	}

	@EventListener
	void on(CaseEvents.RejectionProposed event) {
		String report = event.report().value();
		record(AlertDocument.REJECTION_PROPOSED, AlertDocument.HIGH, event.jurisdiction(),
				report + "@" + event.proposedAt().toEpochMilli(), supervisors(event.jurisdiction()), report, null, null,
				"shouhu://reports/" + report);
	}

	@EventListener
	void on(CaseEvents.ClosureRequested event) {
		String caseId = event.caseId().value();
		record(AlertDocument.CLOSURE_REQUESTED, AlertDocument.HIGH, event.jurisdiction(),
				caseId + "@" + event.requestedAt().toEpochMilli(), supervisors(event.jurisdiction()), null, caseId, null,
				"shouhu://cases/" + caseId);
	}

	@EventListener
	void on(CaseEvents.TransferRequested event) {
		String caseId = event.caseId().value();
		record(AlertDocument.TRANSFER_REQUESTED, AlertDocument.HIGH, event.to(),
				caseId + "@" + event.requestedAt().toEpochMilli(), supervisors(event.to()), null, caseId, null,
				"shouhu://transfers/" + caseId);
	}

	/** @return the ids of the alerts, new or recorded before */
	List<String> record(String type, String priority, JurisdictionId jurisdiction, String subject,
			List<String> recipients, String report, String caseId, String taskId, String link) {
		if (recipients.isEmpty()) {
			// Nobody to tell: the operator must hear of it.
			log.error("{} {}: jurisdiction {} has nobody to alert", type, subject, jurisdiction.value());
			return List.of();
		}
		// The chain first (critical and high only, from the supervisors): an alert never waits without its timer.
		String chain = escalator.start(type, subject, priority, jurisdiction, Role.SUPERVISOR, report, caseId, taskId,
				link);
		List<String> ids = new ArrayList<>();
		for (String recipient : recipients) {
			String id = Alerts.idFor(type, subject, recipient);
			alerts.recordIfAbsent(quietHours.apply(AlertDocument.create(id, type, priority, recipient,
					jurisdiction.value(), report, caseId, taskId, link, clock.instant(), chain), clock.instant()));
			ids.add(id);
		}
		ids.forEach(dispatcher::dispatchSoon);
		return ids;
	}

	private List<String> supervisors(JurisdictionId jurisdiction) {
		return staff(jurisdiction, Role.SUPERVISOR);
	}

	private List<String> staff(JurisdictionId jurisdiction, Role role) {
		return referenceData.staffWithRole(jurisdiction, role).stream().map(StaffMember::id).map(u -> u.value()).toList();
	}
}
