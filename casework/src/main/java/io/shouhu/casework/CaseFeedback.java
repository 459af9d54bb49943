package io.shouhu.casework;

import java.time.Clock;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Carries a case's progress to its source reports, whose status the reporting hospitals read as
 * their Task. The case records the status it owes them in the same write as the change that causes
 * it ({@code feedbackPending}); this moves each report forward (never back) and then clears the
 * flag. Idempotent, so the sweep may run it again after a crash.
 */
@Component
class CaseFeedback {

	private static final Logger log = LoggerFactory.getLogger(CaseFeedback.class);

	private final Reports reports;

	private final Cases cases;

	private final Audit audit;

	private final Clock clock;

	CaseFeedback(Reports reports, Cases cases, Audit audit, Optional<Clock> clock) {
		this.reports = reports;
		this.cases = cases;
		this.audit = audit;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	void deliver(Case kase) {
		for (ReportId id : kase.sourceReports()) {
			for (int attempt = 1; attempt <= 5; attempt++) {
				Optional<Report> report = reports.byId(id);
				if (report.isEmpty() || !report.get().advanceTo(kase.feedback, clock.instant())) {
					break;
				}
				try {
					reports.save(report.get());
					String shown = report.get().status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
					audit.system("feedback-" + shown, Audit.REPORT, id.value(), report.get().jurisdiction());
					break;
				}
				catch (OptimisticLockingFailureException raced) {
					if (attempt == 5) {
						log.warn("Report {} changed five times while its case {} moved on; the sweep will retry", id,
								kase.id);
						return;
					}
				}
			}
		}
		cases.feedbackDelivered(kase);
	}
}
