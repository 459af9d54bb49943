package io.shouhu.api;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.shouhu.casework.Actor;
import io.shouhu.casework.AttachmentFile;
import io.shouhu.casework.CaseId;
import io.shouhu.casework.MergeCandidate;
import io.shouhu.casework.TriageDecision;
import io.shouhu.casework.TriageDecisions;
import io.shouhu.casework.AttachmentId;
import io.shouhu.casework.ReportDetails;
import io.shouhu.casework.NotPermitted;
import io.shouhu.casework.ReportId;
import io.shouhu.casework.Role;
import io.shouhu.casework.Situation;
import io.shouhu.casework.SituationCheck;
import io.shouhu.casework.Triage;
import io.shouhu.casework.TriageItem;
import io.shouhu.casework.Urgency;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The triage queue of the caller's jurisdiction, the reports in it, and the decisions on them:
 * accept, merge, reject (with the supervisor's approval). Decisions need {@code If-Match} with the
 * report's ETag.
 */
@RestController
@RequestMapping("/api")
class TriageController {

	private final Triage triage;

	private final TriageDecisions decisions;

	TriageController(Triage triage, TriageDecisions decisions) {
		this.triage = triage;
		this.decisions = decisions;
	}

	@GetMapping("/triage")
	TriageQueue queue(@AuthenticationPrincipal Jwt jwt) {
		Caller caller = Caller.of(jwt);
		List<QueueEntry> items = triage.queue(caller.actor()).stream().map(QueueEntry::of).toList();
		return new TriageQueue(caller.jurisdiction().value(), items.size(), items);
	}

	@GetMapping("/reports/{id}")
	ResponseEntity<ReportView> report(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
		Caller caller = Caller.of(jwt);
		ReportId reportId = ReportId.parse(id).orElseThrow(() -> new ReportNotFound());
		ReportDetails details = triage.report(caller.actor(), reportId);
		return ResponseEntity.ok().eTag(Versions.etag(details.version())).body(ReportView.of(details));
	}

	/** Open cases that may be about the same child: the candidates for a merge. */
	@GetMapping("/reports/{id}/candidates")
	List<CandidateView> candidates(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
		Actor actor = Caller.of(jwt).actor();
		return decisions.candidates(actor, Parse.report(id)).stream().map(CandidateView::of).toList();
	}

	/** {@code lead}, or {@code leadProsecutor} as some clients name it. */
	record AcceptBody(String lead, String leadProsecutor) {

		String named() {
			return lead != null ? lead : leadProsecutor;
		}
	}

	/** Opens a case (201, its Location); a lead prosecutor may be named now or later by the supervisor. */
	@PostMapping("/reports/{id}/accept")
	ResponseEntity<DecisionView> accept(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestBody(required = false) AcceptBody body) {
		Actor actor = Caller.of(jwt).actor();
		ReportId report = Parse.report(id);
		CaseId opened = decisions.accept(actor, report, Versions.required(ifMatch),
				Parse.user("lead", body == null ? null : body.named()));
		return ResponseEntity.created(URI.create("/api/cases/" + opened.value()))
			.body(new DecisionView(report.value(), "accepted", opened.value(), "/api/cases/" + opened.value()));
	}

	/** {@code caseId} (or {@code case}, {@code into}): the open case the report joins. */
	record MergeBody(String caseId, @JsonProperty("case") String kase, String into) {

		String target() {
			return caseId != null ? caseId : kase != null ? kase : into;
		}
	}

	@PostMapping("/reports/{id}/merge")
	ResponseEntity<DecisionView> merge(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestBody MergeBody body) {
		Actor actor = Caller.of(jwt).actor();
		ReportId report = Parse.report(id);
		CaseId into = Parse.caseField("caseId", body.target());
		CaseId merged = decisions.merge(actor, report, Versions.required(ifMatch), into);
		return ResponseEntity.ok(new DecisionView(report.value(), "accepted", merged.value(),
				"/api/cases/" + merged.value()));
	}

	/** {@code reason} (or {@code reasonCode}, {@code code}) and {@code text} (or {@code reasonText}, {@code comment}). */
	record RejectBody(String reason, String reasonCode, String code, String text, String reasonText, String comment) {

		String reasonCodeGiven() {
			return reason != null ? reason : reasonCode != null ? reasonCode : code;
		}

		String textGiven() {
			return text != null ? text : reasonText != null ? reasonText : comment;
		}
	}

	/** Proposes a rejection; the supervisor approves or declines it. */
	@PostMapping("/reports/{id}/reject")
	ResponseEntity<DecisionView> reject(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestBody RejectBody body) {
		Actor actor = Caller.of(jwt).actor();
		ReportId report = Parse.report(id);
		decisions.proposeRejection(actor, report, Versions.required(ifMatch),
				Parse.rejectionReason(body.reasonCodeGiven()), body.textGiven());
		return ResponseEntity.ok(new DecisionView(report.value(), "rejection-proposed", null, null));
	}

	@PostMapping("/reports/{id}/reject/approve")
	ResponseEntity<DecisionView> approveRejection(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		Actor actor = Caller.of(jwt).actor();
		ReportId report = Parse.report(id);
		decisions.approveRejection(actor, report, Versions.required(ifMatch));
		return ResponseEntity.ok(new DecisionView(report.value(), "rejected", null, null));
	}

	@PostMapping("/reports/{id}/reject/decline")
	ResponseEntity<DecisionView> declineRejection(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		Actor actor = Caller.of(jwt).actor();
		ReportId report = Parse.report(id);
		decisions.declineRejection(actor, report, Versions.required(ifMatch));
		return ResponseEntity.ok(new DecisionView(report.value(), "received", null, null));
	}

	/** The outcome of a triage decision; read the report again for its new ETag. */
	record DecisionView(String report, String status, String caseId, String caseLink) {
	}

	record CandidateView(String caseId, String number, String matchedOn, String urgency, Set<Situation> situations,
			Instant openedAt, String link) {

		static CandidateView of(MergeCandidate c) {
			return new CandidateView(c.caseId().value(), c.number(), c.matchedOn(), c.urgency().code(), c.situations(),
					c.openedAt(), "/api/cases/" + c.caseId().value());
		}
	}

	/**
	 * An attachment of a report (a photo of an injury), for the same people who may see the report.
	 * Always a download, never rendered by the browser as if it were ours: its type is the hospital's word.
	 */
	@GetMapping("/reports/{id}/attachments/{attachmentId}")
	ResponseEntity<byte[]> attachment(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@PathVariable String attachmentId) {
		Caller caller = Caller.of(jwt);
		ReportId reportId = ReportId.parse(id).orElseThrow(ReportNotFound::new);
		AttachmentId attachment = AttachmentId.parse(attachmentId).orElseThrow(() -> {
			if (!caller.actor().worksCases()) {
				return new NotPermitted("Reports are seen by intake, prosecutors and supervisors only.");
			}
			return new ReportNotFound();
		});
		AttachmentFile file = triage.attachment(caller.actor(), reportId, attachment);
		return download(file);
	}

	/**
	 * An attachment as a download, never rendered by the browser as if it were ours: its type is the
	 * hospital's word. Not cached anywhere on the way.
	 */
	static ResponseEntity<byte[]> download(AttachmentFile file) {
		MediaType type;
		try {
			type = MediaType.parseMediaType(file.info().contentType());
		}
		catch (RuntimeException unparseable) {
			type = MediaType.APPLICATION_OCTET_STREAM;
		}
		return ResponseEntity.ok()
			.contentType(type)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(file.info().id().value()).build().toString())
			.header("X-Content-Type-Options", "nosniff")
			.header("Content-Security-Policy", "sandbox; default-src 'none'")
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(file.data());
	}

	record TriageQueue(String jurisdiction, int count, List<QueueEntry> items) {
	}

	record QueueEntry(String id, String urgency, boolean immediateDanger, Set<Situation> situations,
			SituationCheckView situationCheck, String hospital, Instant receivedAt, int childAge, String childSex,
			String status, String link) {

		static QueueEntry of(TriageItem item) {
			return new QueueEntry(item.report().value(), item.urgency().code(),
					item.urgency() == Urgency.IMMEDIATE_DANGER, item.situations(),
					SituationCheckView.of(item.situationCheck()), item.hospital().value(), item.receivedAt(),
					item.childAge(), lower(item.childSex()), lower(item.status()),
					"/api/reports/" + item.report().value());
		}
	}

	/**
	 * A report as a prosecutor sees it. The reporter is sealed and not part of it, nor is the
	 * workstation, which often stands for one doctor.
	 */
	record ReportView(String id, String status, String urgency, boolean immediateDanger, Set<Situation> situations,
			SituationCheckView situationCheck, String hospital, String jurisdiction, Instant receivedAt, LocalDate encounterDate,
			ChildView child, String summary, List<AttachmentView> attachments, DecisionDetails decision, long version) {

		static ReportView of(ReportDetails d) {
			return new ReportView(d.report().value(), lower(d.status()), d.urgency().code(),
					d.urgency() == Urgency.IMMEDIATE_DANGER, d.situations(), SituationCheckView.of(d.situationCheck()),
					d.hospital().value(),
					d.jurisdiction().value(), d.receivedAt(), d.encounterDate(),
					new ChildView(d.child().familyName(), d.child().givenName(), d.child().birthDate(), d.childAge(),
							lower(d.child().sex()), masked(d.child().nationalId())),
					d.summary(), d.attachments()
						.stream()
						.map(a -> new AttachmentView(a.id().value(), a.contentType(), a.title(), a.size(),
								"/api/reports/" + d.report().value() + "/attachments/" + a.id().value()))
						.toList(),
					DecisionDetails.of(d.decision()), d.version());
		}
	}

	/** The declared situations against those the reportability rules found at intake; never a rejection. */
	@Schema(description = "The situations the hospital declared (`situations`) compared with those the reportability "
			+ "rules found in the clinical codes sent with the report, checked once at intake. For triage to look "
			+ "at, never a rejection.")
	record SituationCheckView(
			@Schema(description = "Whether the report was assessed at intake: false for a report taken in before "
					+ "assessments or whose assessment failed; then the lists are empty and mismatch is false")
			boolean assessed,
			@Schema(description = "The version of the rule file that assessed it; null when not assessed")
			String rulesVersion,
			@Schema(description = "The situations the rules found, S1 to S9, each with the strength of the "
					+ "strongest rule that found it")
			List<FoundView> found,
			@Schema(description = "Found by the rules, not declared by the hospital")
			Set<Situation> undeclared,
			@Schema(description = "Declared by the hospital and recognisable by the rules from the codes sent, "
					+ "but not found. Never a situation no rule covers (S7, S8), nor any situation of a report "
					+ "without a code the rules could read")
			Set<Situation> unconfirmed,
			@Schema(description = "The situations the rules could have found from the codes sent. Empty when the "
					+ "report carried no code the rules could read: then an empty found list confirms nothing")
			Set<Situation> checked,
			@Schema(description = "Whether undeclared or unconfirmed has a situation: show the difference")
			boolean mismatch) {

		static SituationCheckView of(SituationCheck check) {
			return new SituationCheckView(check.assessed(), check.rulesVersion(),
					check.found().stream().map(f -> new FoundView(f.situation(), f.strength().code())).toList(),
					check.undeclared(), check.unconfirmed(), check.checked(), check.mismatch());
		}
	}

	/** A situation the rules found, and how strongly. */
	record FoundView(Situation situation,
			@Schema(description = "must-report: the codes alone meet the situation; consider: they suggest it",
					allowableValues = { "must-report", "consider" })
			String strength) {
	}

	/** The triage decision on a report, for the prosecutors of its jurisdiction. */
	record DecisionDetails(String kind, String by, Instant at, String caseId, String lead, String reason, String text,
			String approvedBy, Instant approvedAt) {

		static DecisionDetails of(TriageDecision d) {
			if (d == null) {
				return null;
			}
			return new DecisionDetails(lower(d.kind()), d.by().value(), d.at(),
					d.caseId() == null ? null : d.caseId().value(), d.lead() == null ? null : d.lead().value(),
					d.reason() == null ? null : d.reason().code(), d.text(),
					d.approvedBy() == null ? null : d.approvedBy().value(), d.approvedAt());
		}
	}

	record AttachmentView(String id, String contentType, String title, long size, String link) {
	}

	record ChildView(String familyName, String givenName, LocalDate birthDate, int age, String sex,
			String nationalIdMasked) {
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	/** Only the last four characters: enough to tell two children apart, not enough to copy. */
	static String masked(String nationalId) {
		if (nationalId == null || nationalId.length() <= 4) {
			return null;
		}
		return "*".repeat(nationalId.length() - 4) + nationalId.substring(nationalId.length() - 4);
	}

	static class ReportNotFound extends RuntimeException {

		ReportNotFound() {
			super("No such report in your jurisdiction.");
		}
	}
}
