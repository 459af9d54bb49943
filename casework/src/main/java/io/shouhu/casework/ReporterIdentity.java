package io.shouhu.casework;

import java.time.Clock;
import java.util.Optional;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;

/**
 * Opens the sealed identity of a report's reporter: for the supervisor of the report's jurisdiction
 * only, for a stated reason, and never quietly: the act is audited with its reason and written in the
 * case's timeline (who opened it and why, never the identity itself) before the identity is handed out.
 */
@Service
public class ReporterIdentity {

	/** A reason shorter than this says nothing. */
	public static final int MIN_REASON = 10;

	static final int MAX_REASON = 2000;

	private static final int RETRIES = 5;

	private final Reports reports;

	private final SealedReporters reporters;

	private final Cases cases;

	private final Audit audit;

	private final Clock clock;

	ReporterIdentity(Reports reports, SealedReporters reporters, Cases cases, Audit audit, Optional<Clock> clock) {
		this.reports = reports;
		this.reporters = reporters;
		this.cases = cases;
		this.audit = audit;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	/**
	 * The reporter of a report.
	 * @param reason why it is opened, at least {@value #MIN_REASON} characters
	 * @throws NotFound for a report of another jurisdiction (or none)
	 * @throws NotPermitted for anyone but a supervisor of the report's jurisdiction
	 * @throws InvalidCommand for a missing or too short reason
	 */
	public Reporter reveal(Actor actor, ReportId report, String reason) {
		String purpose = reason == null ? null : reason.strip();
		return audit.user(actor, "reveal", Audit.REPORTER, report.value(), purpose, () -> {
			Report found = reports.byId(report)
				.filter(r -> r.jurisdiction().equals(actor.jurisdiction()))
				.orElseThrow(() -> new NotFound("report"));
			if (!actor.has(Role.SUPERVISOR)) {
				throw new NotPermitted("Only the supervisor opens a reporter's identity.");
			}
			if (purpose == null || purpose.codePointCount(0, purpose.length()) < MIN_REASON) {
				audit.denied(actor, "reveal", Audit.REPORTER, report.value());
				throw new InvalidCommand(
						"Say why the reporter's identity is opened, in at least " + MIN_REASON + " characters.");
			}
			if (purpose.length() > MAX_REASON) {
				audit.denied(actor, "reveal", Audit.REPORTER, report.value());
				throw new InvalidCommand("A reason is at most " + MAX_REASON + " characters.");
			}
			Reporter reporter = reporters.open(report).orElseThrow(() -> new NotFound("reporter"));
			noteOnCase(found, purpose, actor);
			return reporter;
		});
	}

	/** The case of the report, if it has one, records who opened the identity and why. */
	private void noteOnCase(Report report, String reason, Actor actor) {
		TriageDecision decision = report.decision();
		if (decision == null || decision.caseId() == null) {
			return;
		}
		for (int attempt = 1;; attempt++) {
			Optional<Case> kase = cases.byId(decision.caseId());
			if (kase.isEmpty()) {
				return;
			}
			kase.get().reporterRevealed(report.id(), reason, actor.user(), clock.instant());
			try {
				cases.save(kase.get());
				return;
			}
			catch (OptimisticLockingFailureException raced) {
				if (attempt >= RETRIES) {
					throw new StaleVersion();
				}
			}
		}
	}
}
