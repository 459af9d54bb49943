package io.shouhu.casework;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finishes what a crash interrupted between two writes: an accept or merge recorded on a report
 * whose case was not opened or joined yet, and case progress not yet shown on the source reports.
 * Every step is idempotent, so several instances may sweep at once.
 */
@Component
class CaseworkSweeps {

	private static final Logger log = LoggerFactory.getLogger(CaseworkSweeps.class);

	private final Reports reports;

	private final Cases cases;

	private final TriageDecisions decisions;

	private final CaseFeedback feedback;

	private final CaseNotices notices;

	private final ApplicationEventPublisher events;

	CaseworkSweeps(Reports reports, Cases cases, TriageDecisions decisions, CaseFeedback feedback,
			CaseNotices notices, ApplicationEventPublisher events) {
		this.reports = reports;
		this.cases = cases;
		this.decisions = decisions;
		this.feedback = feedback;
		this.notices = notices;
		this.events = events;
	}

	@Scheduled(initialDelayString = "${shouhu.casework.sweep-interval:PT30S}",
			fixedDelayString = "${shouhu.casework.sweep-interval:PT30S}")
	void sweep() {
		int linked = 0;
		for (Report report : reports.awaitingCase()) {
			try {
				decisions.link(report);
				linked++;
			}
			catch (RuntimeException ex) {
				log.warn("Could not yet carry out the triage decision on report {}: {}", report.id(),
						ex.getClass().getSimpleName());
			}
		}
		int delivered = 0;
		for (Case kase : cases.needingSweep()) {
			// Notices first: a crash after the change left them unpublished (alerts wait on them).
			try {
				notices.publish(kase);
			}
			catch (RuntimeException ex) {
				log.warn("Could not yet publish the notices of case {}: {}", kase.id, ex.getClass().getSimpleName());
			}
			if (kase.feedbackPending) {
				feedback.deliver(kase);
			}
			delivered++;
		}
		// A proposed rejection waits for the supervisor: said again (idempotent for the alerts), in case
		// the process stopped between storing the proposal and saying it.
		for (Report report : reports.rejectionsProposed()) {
			events.publishEvent(
					new CaseEvents.RejectionProposed(report.id(), report.jurisdiction(), report.decision().at()));
		}
		if (linked + delivered > 0) {
			log.info("Casework sweep finished {} triage decisions and {} cases' feedback and notices", linked,
					delivered);
		}
	}
}
