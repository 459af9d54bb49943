package io.shouhu.casework;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

/**
 * How casework leaves its trace in the {@link AuditTrail}: every read and change of a report, case,
 * task, attachment or reporter record, allowed or denied, by a user, a hospital or the system. The
 * entry is written before the result goes back to the caller; when it cannot be written the call
 * fails, so nothing is ever read without its trace. A call that fails for another reason (a broken
 * rule, a stale version, a bad command) read or changed nothing and leaves no entry.
 */
@Component
class Audit {

	static final String REPORT = "report";

	static final String CASE = "case";

	static final String TASK = "task";

	static final String ATTACHMENT = "attachment";

	static final String REPORTER = "reporter";

	static final String SYSTEM = "system";

	private final AuditTrail trail;

	private final Reports reports;

	private final Cases cases;

	Audit(AuditTrail trail, Reports reports, Cases cases) {
		this.trail = trail;
		this.reports = reports;
		this.cases = cases;
	}

	/**
	 * Runs what a user asked for and records it: allowed when it returns, denied when it throws
	 * {@link NotFound} or {@link NotPermitted}.
	 */
	<T> T user(Actor actor, String action, String type, String id, String purpose, Supplier<T> work) {
		T result;
		try {
			result = work.get();
		}
		catch (NotFound | NotPermitted denied) {
			trail.record(event(actor, action, type, id, ownerOf(type, id), purpose, AuditOutcome.DENIED));
			throw denied;
		}
		trail.record(event(actor, action, type, id, actor.jurisdiction().value(), purpose, AuditOutcome.ALLOWED));
		return result;
	}

	<T> T user(Actor actor, String action, String type, String id, Supplier<T> work) {
		return user(actor, action, type, id, null, work);
	}

	void user(Actor actor, String action, String type, String id, Runnable work) {
		user(actor, action, type, id, null, () -> {
			work.run();
			return null;
		});
	}

	/** Records a list a user was shown: one entry per item, each with its owner. */
	<T> List<T> listed(Actor actor, String type, List<T> items, Function<T, String> idOf, Function<T, String> ownerOf) {
		if (!items.isEmpty()) {
			trail.recordAll(items.stream()
				.map(item -> event(actor, "list", type, idOf.apply(item), ownerOf.apply(item), null, AuditOutcome.ALLOWED))
				.toList());
		}
		return items;
	}

	/** Records what a user was refused before any subject was looked at. */
	void denied(Actor actor, String action, String type, String id) {
		trail.record(event(actor, action, type, id, ownerOf(type, id), null, AuditOutcome.DENIED));
	}

	/** Records an access by a hospital (its client id) to a report. */
	void hospital(HospitalId hospital, JurisdictionId chain, String action, String reportId, String owner,
			AuditOutcome outcome) {
		trail.record(new AuditEvent(hospital.value(), "hospital", chain.value(), action, REPORT, reportId, owner, null,
				outcome));
	}

	void hospitalListed(HospitalId hospital, JurisdictionId chain, List<String> reportIds) {
		if (!reportIds.isEmpty()) {
			trail.recordAll(reportIds.stream()
				.map(id -> new AuditEvent(hospital.value(), "hospital", chain.value(), "list", REPORT, id, chain.value(),
						null, AuditOutcome.ALLOWED))
				.toList());
		}
	}

	/** Records a change the system made on its own, e.g. the status a hospital sees. */
	void system(String action, String type, String id, JurisdictionId jurisdiction) {
		trail.record(new AuditEvent(SYSTEM, SYSTEM, jurisdiction.value(), action, type, id, jurisdiction.value(), null,
				AuditOutcome.ALLOWED));
	}

	private static AuditEvent event(Actor actor, String action, String type, String id, String owner, String purpose,
			AuditOutcome outcome) {
		String role = actor.roles()
			.stream()
			.sorted(Comparator.naturalOrder())
			.map(Role::code)
			.reduce((a, b) -> a + "," + b)
			.orElse("none");
		return new AuditEvent(actor.user().value(), role, actor.jurisdiction().value(), action, type, id, owner, purpose,
				outcome);
	}

	/** The jurisdiction a subject belongs to, for a denied access: the owner's supervisor sees the attempt. */
	private String ownerOf(String type, String id) {
		if (id == null) {
			return null;
		}
		return switch (type) {
			case REPORT, REPORTER -> ReportId.parse(id)
				.flatMap(reports::byId)
				.map(r -> r.jurisdiction().value())
				.orElse(null);
			case CASE -> caseOwner(id);
			case TASK -> TaskId.parse(id).map(t -> caseOwner(t.caseId().value())).orElse(null);
			default -> null;
		};
	}

	private String caseOwner(String id) {
		return CaseId.parse(id).flatMap(cases::byId).map(c -> c.jurisdiction().value()).orElse(null);
	}
}
