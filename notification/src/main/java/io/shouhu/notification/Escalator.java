package io.shouhu.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.shouhu.casework.CaseId;
import io.shouhu.casework.CaseManagement;
import io.shouhu.casework.CaseStatus;
import io.shouhu.casework.JurisdictionId;
import io.shouhu.casework.ReferenceData;
import io.shouhu.casework.ReportId;
import io.shouhu.casework.ReportStatus;
import io.shouhu.casework.Role;
import io.shouhu.casework.StaffMember;
import io.shouhu.casework.Triage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Escalates critical and high alerts nobody acknowledged in time to the next level of the
 * jurisdiction's policy ({@link EscalationProperties}), and stops a chain once someone acknowledges
 * one of its alerts or the item no longer waits (the report was triaged). Timers are documents
 * ({@link Escalations}): they fire after a restart, and a conditional write lets one instance only
 * move a chain on; the next level's alerts are recorded before the move, with ids derived from the
 * level and loop, so an instance that dies in between leaves nothing doubled and nothing lost.
 */
@Component
class Escalator {

	private static final Logger log = LoggerFactory.getLogger(Escalator.class);

	private final Escalations escalations;

	private final Alerts alerts;

	private final PushDispatcher dispatcher;

	private final ReferenceData referenceData;

	/** Where reports stand; absent only where casework's triage is not running (module tests). */
	private final Optional<Triage> triage;

	/** Where cases stand; absent only where casework is not running (module tests). */
	private final Optional<CaseManagement> cases;

	private final EscalationProperties properties;

	private final Clock clock;

	Escalator(Escalations escalations, Alerts alerts, PushDispatcher dispatcher, ReferenceData referenceData,
			Optional<Triage> triage, Optional<CaseManagement> cases, EscalationProperties properties,
			Optional<Clock> clock) {
		this.escalations = escalations;
		this.alerts = alerts;
		this.dispatcher = dispatcher;
		this.referenceData = referenceData;
		this.triage = triage;
		this.cases = cases;
		this.properties = properties;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	/** The chain's id for a cause: the alerts of its first level name it. */
	static String idFor(String type, String subject) {
		return Alerts.idFor("escalation", type, subject);
	}

	/**
	 * Starts the chain of a critical or high cause whose first alerts went to people of {@code first}.
	 * @return the chain's id, or {@code null} for a cause that does not escalate
	 */
	String start(String type, String subject, String priority, JurisdictionId jurisdiction, Role first,
			String report, String caseId, String taskId, String link) {
		if (!AlertDocument.CRITICAL.equals(priority) && !AlertDocument.HIGH.equals(priority)) {
			return null;
		}
		EscalationProperties.Policy policy = properties.policy(jurisdiction.value());
		int level = Math.max(0, policy.levels().indexOf(first));
		Instant now = clock.instant();
		String id = idFor(type, subject);
		escalations.startIfAbsent(new EscalationDocument(id, type, subject, priority, jurisdiction.value(), report,
				caseId, taskId, link, level, 0, now.plus(policy.timeout(priority)), false, null, null, now));
		return id;
	}

	/** Someone acknowledged an alert of the chain: nobody else is bothered. */
	void acknowledged(String escalation, String by) {
		if (escalation != null) {
			escalations.stop(escalation, by, clock.instant());
		}
	}

	@Scheduled(initialDelayString = "${shouhu.notification.escalation.sweep-interval:PT30S}",
			fixedDelayString = "${shouhu.notification.escalation.sweep-interval:PT30S}")
	void sweep() {
		Instant now = clock.instant();
		for (EscalationDocument due : escalations.due(now)) {
			try {
				escalate(due, now);
			}
			catch (RuntimeException ex) {
				log.warn("escalation {} not moved on yet: {}", due.id(), ex.getClass().getSimpleName());
			}
		}
	}

	void escalate(EscalationDocument due, Instant now) {
		if (actedOn(due)) {
			escalations.stop(due.id(), "acted-on", now);
			return;
		}
		EscalationProperties.Policy policy = properties.policy(due.jurisdiction());
		JurisdictionId jurisdiction = new JurisdictionId(due.jurisdiction());
		int level = due.level();
		int loop = due.loop();
		// The next level that has someone in it; a whole loop of empty levels ends the chain.
		for (int step = 0; step < policy.levels().size(); step++) {
			level++;
			if (level >= policy.levels().size()) {
				level = 0;
				loop++;
			}
			if (loop >= policy.loops()) {
				break;
			}
			List<String> recipients = referenceData.staffWithRole(jurisdiction, policy.levels().get(level))
				.stream()
				.map(StaffMember::id)
				.map(u -> u.value())
				.toList();
			if (recipients.isEmpty()) {
				continue;
			}
			String subject = due.subject() + "|L" + level + "|K" + loop;
			List<String> ids = recipients.stream().map(r -> Alerts.idFor(due.type(), subject, r)).toList();
			for (int i = 0; i < recipients.size(); i++) {
				alerts.recordIfAbsent(AlertDocument.create(ids.get(i), due.type(), due.priority(), recipients.get(i),
						due.jurisdiction(), due.report(), due.caseId(), due.taskId(), due.link(), now, due.id()));
			}
			if (escalations.advance(due, level, loop, now.plus(policy.timeout(due.priority())))) {
				log.info("escalation {}: {} not acknowledged in time, {} alerted (level {}, loop {})", due.id(),
						due.type(), policy.levels().get(level).code(), level, loop);
				ids.forEach(dispatcher::dispatchSoon);
			}
			return;
		}
		if (escalations.stop(due.id(), "exhausted", now)) {
			// Every level, every loop, and nobody acknowledged: a person must look at this now.
			log.error("escalation {}: {} in {} unacknowledged after {} loop(s) of every level", due.id(), due.type(),
					due.jurisdiction(), policy.loops());
		}
	}

	/**
	 * Whether the item no longer waits for anyone: a new report triaged, a proposed rejection decided, a
	 * closure approved or declined, a transfer accepted or declined.
	 */
	private boolean actedOn(EscalationDocument due) {
		if (due.caseId() != null && cases.isPresent() && (AlertDocument.CLOSURE_REQUESTED.equals(due.type())
				|| AlertDocument.TRANSFER_REQUESTED.equals(due.type()))) {
			Optional<CaseManagement.CaseState> state = CaseId.parse(due.caseId()).flatMap(cases.get()::stateOf);
			return state.map(s -> AlertDocument.CLOSURE_REQUESTED.equals(due.type()) ? s.status() != CaseStatus.CLOSING
					: !s.transferPending()).orElse(false);
		}
		if (due.report() == null || triage.isEmpty()) {
			return false;
		}
		Optional<ReportStatus> status = ReportId.parse(due.report()).flatMap(triage.get()::statusOf);
		return switch (due.type()) {
			case AlertDocument.REPORT_RECEIVED -> status.map(s -> s != ReportStatus.RECEIVED).orElse(false);
			case AlertDocument.REJECTION_PROPOSED -> status.map(s -> s != ReportStatus.REJECTION_PROPOSED).orElse(false);
			default -> false;
		};
	}
}
