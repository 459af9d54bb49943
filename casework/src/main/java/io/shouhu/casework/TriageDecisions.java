package io.shouhu.casework;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;

/**
 * The intake decisions on a report: accept (open a case), merge (join an open case of the same
 * child), or reject (with the supervisor's approval).
 *
 * <p>No multi-document transactions: a decision is first recorded on the report (one atomic write,
 * which is what the hospital's Task then shows), and the case is opened or joined from that record
 * next, idempotently: the case id and number come with the decision. Should the second step not
 * happen (a crash), {@link CaseworkSweeps} finds the report and carries it out.
 */
@Service
public class TriageDecisions {

	private static final int RETRIES = 5;

	private final Reports reports;

	private final Cases cases;

	private final CaseNumbers numbers;

	private final ReferenceData referenceData;

	private final Playbooks playbooks;

	private final Audit audit;

	private final CaseNotices notices;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	TriageDecisions(Reports reports, Cases cases, CaseNumbers numbers, ReferenceData referenceData, Playbooks playbooks,
			Audit audit, CaseNotices notices, ApplicationEventPublisher events, Optional<Clock> clock) {
		this.reports = reports;
		this.cases = cases;
		this.numbers = numbers;
		this.referenceData = referenceData;
		this.playbooks = playbooks;
		this.audit = audit;
		this.notices = notices;
		this.events = events;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	/**
	 * Opens a case for the report, with a lead prosecutor now or later (by the supervisor).
	 * @param expectedVersion the report's version the decision was made on
	 * @param lead a prosecutor of the jurisdiction, or {@code null}
	 * @return the case opened
	 */
	public CaseId accept(Actor actor, ReportId report, long expectedVersion, UserId lead) {
		return audit.user(actor, "accept", Audit.REPORT, report.value(), () -> {
			Report r = current(actor, report, expectedVersion, TriageDecisions::requireTriage);
			if (lead != null) {
				requireProsecutor(actor.jurisdiction(), lead);
			}
			// Before a number is handed out for nothing.
			r.requireUntriaged();
			immediateDangerFirst(r);
			Jurisdiction jurisdiction = referenceData.jurisdiction(r.jurisdiction())
				.orElseThrow(() -> new IllegalStateException("A report's jurisdiction is not registered"));
			Instant now = clock.instant();
			r.accept(CaseId.openedBy(r.id()), numbers.next(jurisdiction, now), lead, actor.user(), now);
			save(r);
			return link(r);
		});
	}

	/**
	 * Joins the report to an open case of the jurisdiction (the same child, as the intake prosecutor
	 * judged, see {@link #candidates}).
	 */
	public CaseId merge(Actor actor, ReportId report, long expectedVersion, CaseId into) {
		return audit.user(actor, "merge", Audit.REPORT, report.value(), () -> {
			Report r = current(actor, report, expectedVersion, TriageDecisions::requireTriage);
			Case target = cases.byId(into)
				.filter(c -> c.jurisdiction().equals(actor.jurisdiction()))
				.orElseThrow(() -> new NotFound("case"));
			if (target.status != CaseStatus.OPEN) {
				throw new CaseRuleViolated(CaseRule.MERGE_TARGET_NOT_OPEN, "A report joins an open case only.");
			}
			r.requireUntriaged();
			immediateDangerFirst(r);
			r.mergeInto(target.id(), actor.user(), clock.instant());
			save(r);
			return link(r);
		});
	}

	/** Proposes to reject the report; final once a supervisor approves. */
	public void proposeRejection(Actor actor, ReportId report, long expectedVersion, RejectionReason reason,
			String text) {
		audit.user(actor, "propose-rejection", Audit.REPORT, report.value(), () -> {
			Report r = current(actor, report, expectedVersion, TriageDecisions::requireTriage);
			if (reason == null) {
				throw new InvalidCommand("A rejection needs a reason code.");
			}
			if (text == null || text.isBlank()) {
				throw new InvalidCommand("A rejection needs a text saying why, for the supervisor.");
			}
			if (text.length() > 2000) {
				throw new InvalidCommand("A rejection's text is at most 2000 characters.");
			}
			r.requireUntriaged();
			immediateDangerFirst(r);
			r.proposeRejection(reason, text.strip(), actor.user(), clock.instant());
			save(r);
			events.publishEvent(new CaseEvents.RejectionProposed(r.id(), r.jurisdiction(), r.decision().at()));
		});
	}

	/** The supervisor approves a proposed rejection: final, and the hospital's Task shows it. */
	public void approveRejection(Actor actor, ReportId report, long expectedVersion) {
		audit.user(actor, "approve-rejection", Audit.REPORT, report.value(), () -> {
			Report r = current(actor, report, expectedVersion, TriageDecisions::requireSupervisor);
			r.approveRejection(actor.user(), clock.instant());
			save(r);
		});
	}

	/** The supervisor declines a proposed rejection: the report goes back to the queue. */
	public void declineRejection(Actor actor, ReportId report, long expectedVersion) {
		audit.user(actor, "decline-rejection", Audit.REPORT, report.value(), () -> {
			Report r = current(actor, report, expectedVersion, TriageDecisions::requireSupervisor);
			r.declineRejection();
			save(r);
		});
	}

	/**
	 * Open cases of the jurisdiction that may be about the report's child: the same national ID
	 * number, or the same name, birth date and sex.
	 */
	public List<MergeCandidate> candidates(Actor actor, ReportId report) {
		return audit.user(actor, "read-candidates", Audit.REPORT, report.value(), () -> {
			if (!actor.worksCases()) {
				throw new NotPermitted("Reports are seen by intake, prosecutors and supervisors only.");
			}
			Report r = reports.byId(report)
				.filter(found -> found.jurisdiction().equals(actor.jurisdiction()))
				.orElseThrow(() -> new NotFound("report"));
			ChildKeys keys = r.childKeys();
			Map<String, MergeCandidate> found = new LinkedHashMap<>();
			for (Case c : cases.openOfChild(actor.jurisdiction(), keys)) {
				if (c.sourceReports.contains(r.id().value())) {
					continue;
				}
				String matchedOn = c.knowsNationalId(keys.nationalId()) ? "national-id" : "name-birth-date-sex";
				found.put(c.id, new MergeCandidate(c.id(), c.number, matchedOn, c.urgency, java.util.Set.copyOf(c.situations),
						c.openedAt));
			}
			return new ArrayList<>(found.values());
		});
	}

	/**
	 * Carries out a recorded accept or merge: opens the case, or adds the report to it. Idempotent:
	 * run twice, it finds its work done.
	 */
	CaseId link(Report r) {
		TriageDecision decision = r.decision();
		Playbook playbook = playbooks.current();
		if (decision.kind() == TriageDecision.Kind.ACCEPT) {
			Case opened = Case.open(decision.caseId(), decision.caseNumber(), r, decision.lead(), playbook, decision.by(),
					decision.at());
			try {
				cases.insert(opened);
				notices.publish(opened);
			}
			catch (DuplicateKeyException done) {
				// Opened by an earlier attempt.
			}
		}
		else if (decision.kind() == TriageDecision.Kind.MERGE) {
			for (int attempt = 1;; attempt++) {
				Case target = cases.byId(decision.caseId()).orElseThrow(() -> new NotFound("case"));
				if (target.sourceReports.contains(r.id().value())) {
					break;
				}
				if (target.status != CaseStatus.OPEN) {
					// Closed (or transferred) between the decision and now: the report opens a case of its
					// own instead, rather than wait for a case that will never take it.
					Jurisdiction jurisdiction = referenceData.jurisdiction(r.jurisdiction()).orElseThrow();
					r.acceptInstead(CaseId.openedBy(r.id()), numbers.next(jurisdiction, clock.instant()));
					reports.save(r);
					return link(r);
				}
				target.merge(r, playbook, decision.by(), clock.instant());
				try {
					cases.save(target);
					notices.publish(target);
					if (target.feedback != ReportStatus.ACCEPTED) {
						// The case is under way already: the merged report shows that at once.
						r.advanceTo(target.feedback, clock.instant());
					}
					break;
				}
				catch (OptimisticLockingFailureException raced) {
					if (attempt == RETRIES) {
						throw raced;
					}
				}
			}
		}
		else {
			return null;
		}
		markLinked(r);
		return decision.caseId();
	}

	private void markLinked(Report r) {
		Report current = r;
		for (int attempt = 1;; attempt++) {
			current.caseLinked();
			try {
				reports.save(current);
				return;
			}
			catch (OptimisticLockingFailureException raced) {
				current = reports.byId(r.id()).orElseThrow();
				if (current.isCaseLinked() || attempt == RETRIES) {
					return;
				}
			}
		}
	}

	/**
	 * The report as of the caller's version. Another jurisdiction's report is not found, whatever the
	 * caller's roles (a 403 would tell them it exists); then the roles; then the version.
	 */
	/**
	 * A child in immediate danger comes first: while such a report waits undecided in the
	 * jurisdiction's queue, no less urgent report is decided.
	 */
	private void immediateDangerFirst(Report r) {
		if (r.urgency() == Urgency.IMMEDIATE_DANGER) {
			return;
		}
		boolean dangerWaits = reports.inStatus(r.jurisdiction(), ReportStatus.RECEIVED)
			.stream()
			.anyMatch(waiting -> waiting.urgency() == Urgency.IMMEDIATE_DANGER);
		if (dangerWaits) {
			throw new CaseRuleViolated(CaseRule.IMMEDIATE_DANGER_FIRST,
					"A report of a child in immediate danger waits in the queue: decide it first.");
		}
	}

	private Report current(Actor actor, ReportId report, long expectedVersion,
			java.util.function.Consumer<Actor> permission) {
		Report r = reports.byId(report)
			.filter(found -> found.jurisdiction().equals(actor.jurisdiction()))
			.orElseThrow(() -> new NotFound("report"));
		permission.accept(actor);
		if (r.version() != expectedVersion) {
			throw new StaleVersion();
		}
		return r;
	}

	private void save(Report r) {
		try {
			reports.save(r);
		}
		catch (OptimisticLockingFailureException raced) {
			throw new StaleVersion();
		}
	}

	private void requireProsecutor(JurisdictionId jurisdiction, UserId lead) {
		boolean prosecutor = referenceData.staffMember(lead)
			.filter(m -> m.jurisdiction().equals(jurisdiction) && m.roles().contains(Role.PROSECUTOR))
			.isPresent();
		if (!prosecutor) {
			throw new CaseRuleViolated(CaseRule.LEAD_NOT_A_PROSECUTOR,
					"The lead must be a prosecutor of the case's jurisdiction.");
		}
	}

	private static void requireTriage(Actor actor) {
		if (!actor.hasAny(Role.INTAKE, Role.SUPERVISOR)) {
			throw new NotPermitted("Triage decisions are made by intake prosecutors and supervisors.");
		}
	}

	private static void requireSupervisor(Actor actor) {
		if (!actor.has(Role.SUPERVISOR)) {
			throw new NotPermitted("Only the supervisor approves or declines a rejection.");
		}
	}
}
