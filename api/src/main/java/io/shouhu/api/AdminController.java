package io.shouhu.api;

import java.time.Instant;
import java.util.List;

import io.shouhu.casework.AccessAudit;
import io.shouhu.casework.Actor;
import io.shouhu.casework.AuditEntry;
import io.shouhu.casework.AuditPage;
import io.shouhu.casework.AuditVerification;
import io.shouhu.casework.InvalidCommand;
import io.shouhu.casework.NotPermitted;
import io.shouhu.casework.PersonalDataReEncryption;
import io.shouhu.casework.Role;
import io.shouhu.notification.AlertAdministration;
import io.shouhu.notification.AlertTrace;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * For a jurisdiction's supervisor: the access audit of a report, case, task, attachment or reporter
 * record, the check that the audit trail is intact, re-encryption after a key rotation, and the
 * alerts whose push failed.
 */
@RestController
@RequestMapping("/api/admin")
class AdminController {

	private final AccessAudit audit;

	private final PersonalDataReEncryption reEncryption;

	private final AlertAdministration alertAdministration;

	AdminController(AccessAudit audit, PersonalDataReEncryption reEncryption, AlertAdministration alertAdministration) {
		this.audit = audit;
		this.reEncryption = reEncryption;
		this.alertAdministration = alertAdministration;
	}

	/** Who accessed the subject, newest first; {@code cursor} is the {@code next} of the page before. */
	@GetMapping("/audit")
	AuditPageView entries(@AuthenticationPrincipal Jwt jwt, @RequestParam(required = false) String subject,
			@RequestParam(required = false) String cursor, @RequestParam(defaultValue = "50") int limit) {
		AuditPage page = audit.list(Caller.of(jwt).actor(), subject, cursor, limit);
		return new AuditPageView(page.entries().stream().map(AuditEntryView::of).toList(), page.next());
	}

	/** Walks every chain of the caller's jurisdiction: an edited or deleted entry breaks it. */
	@GetMapping("/audit/verify")
	AuditVerification verify(@AuthenticationPrincipal Jwt jwt) {
		return audit.verify(Caller.of(jwt).actor());
	}

	/**
	 * Re-encrypts all personal data under the keyset's primary key, in batches; safe to call again
	 * (after an interruption it goes on where the data still needs it).
	 */
	@PostMapping("/keys/re-encrypt")
	PersonalDataReEncryption.Result reEncrypt(@AuthenticationPrincipal Jwt jwt,
			@RequestParam(defaultValue = "200") int batchSize) {
		Actor actor = Caller.of(jwt).actor();
		if (!actor.has(Role.SUPERVISOR)) {
			throw new NotPermitted("Only a supervisor starts re-encryption.");
		}
		return reEncryption.run(Math.max(1, Math.min(batchSize, 1000)));
	}

	/**
	 * The jurisdiction's alerts whose push failed for good ({@code state=failed}): still in their
	 * recipient's inbox, listed here so that someone reaches the person another way; or every alert
	 * about a report, case or task ({@code subject=id}), from its cause to each phone's answer.
	 */
	@GetMapping("/alerts")
	List<AlertTrace> alerts(@AuthenticationPrincipal Jwt jwt, @RequestParam(required = false) String state,
			@RequestParam(required = false) String subject) {
		Actor actor = Caller.of(jwt).actor();
		if (!actor.has(Role.SUPERVISOR)) {
			throw new NotPermitted("Only a supervisor sees the jurisdiction's alerts.");
		}
		if (subject != null && !subject.isBlank() && state == null) {
			return alertAdministration.about(actor.jurisdiction(), subject);
		}
		if (!"failed".equals(state) || subject != null) {
			throw new InvalidCommand("Ask for state=failed, or for the alerts about one subject=id.");
		}
		return alertAdministration.failed(actor.jurisdiction());
	}

	record AuditPageView(List<AuditEntryView> entries, String next) {
	}

	record Subject(String type, String id) {
	}

	record AuditEntryView(String id, Instant at, String actor, String role, String jurisdiction, String action,
			Subject subject, String owner, String purpose, String outcome, long seq, String previousHash, String hash) {

		static AuditEntryView of(AuditEntry entry) {
			return new AuditEntryView(entry.id(), entry.at(), entry.actor(), entry.role(), entry.jurisdiction(),
					entry.action(), new Subject(entry.subjectType(), entry.subjectId()), entry.owner(), entry.purpose(),
					entry.outcome().code(), entry.seq(), entry.previousHash(), entry.hash());
		}
	}
}
