package io.shouhu.casework;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

	CaseworkSweeps(Reports reports, Cases cases, TriageDecisions decisions, CaseFeedback feedback) {
		this.reports = reports;
		this.cases = cases;
		this.decisions = decisions;
		this.feedback = feedback;
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
		for (Case kase : cases.withPendingFeedback()) {
			feedback.deliver(kase);
			delivered++;
		}
		if (linked + delivered > 0) {
			log.info("Casework sweep finished {} triage decisions and {} case feedbacks", linked, delivered);
		}
	}
}
