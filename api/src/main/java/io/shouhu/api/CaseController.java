package io.shouhu.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.shouhu.api.CaseViews.CaseListView;
import io.shouhu.api.CaseViews.CaseView;
import io.shouhu.api.CaseViews.EntryView;
import io.shouhu.api.CaseViews.SummaryView;
import io.shouhu.api.CaseViews.TaskView;
import io.shouhu.api.CaseViews.TimelineView;
import io.shouhu.api.CaseViews.WorkerCaseView;
import io.shouhu.api.CaseViews.WorkerChild;
import io.shouhu.casework.Actor;
import io.shouhu.casework.AttachmentId;
import io.shouhu.casework.CaseDetails;
import io.shouhu.casework.CaseFile;
import io.shouhu.casework.CaseId;
import io.shouhu.casework.CaseManagement;
import io.shouhu.casework.CasePage;
import io.shouhu.casework.CaseQuery;
import io.shouhu.casework.CaseStatus;
import io.shouhu.casework.MilestoneDetail;
import io.shouhu.casework.NotFound;
import io.shouhu.casework.Situation;
import io.shouhu.casework.TaskId;
import io.shouhu.casework.TrackType;
import io.shouhu.casework.Urgency;
import io.shouhu.casework.WorkerTask;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Cases of the caller's jurisdiction: the list, the case shaped by the caller's role, its timeline,
 * and every change to it. Changes need {@code If-Match} with the case's ETag.
 */
@RestController
@RequestMapping("/api")
class CaseController {

	private final CaseManagement cases;

	CaseController(CaseManagement cases) {
		this.cases = cases;
	}

	@GetMapping("/cases")
	CaseListView list(@AuthenticationPrincipal Jwt jwt, @RequestParam(required = false) String status,
			@RequestParam(required = false) String track, @RequestParam(required = false) String urgency,
			@RequestParam(required = false) String assignee, @RequestParam(required = false) Boolean overdue,
			@RequestParam(required = false) String updatedSince, @RequestParam(required = false) String cursor,
			@RequestParam(defaultValue = "20") int limit, HttpServletRequest request) {
		Actor actor = Caller.of(jwt).actor();
		Urgency wanted = urgency == null ? null : Urgency.ofCode(urgency);
		if (urgency != null && wanted == null) {
			throw new io.shouhu.casework.InvalidCommand("urgency must be immediate-danger, urgent or routine.");
		}
		CaseQuery query = new CaseQuery(Parse.code(CaseStatus.class, "status", status),
				Parse.trackField("track", track), wanted, Parse.user("assignee", assignee), overdue,
				Parse.instant("updatedSince", updatedSince), cursor, limit);
		CasePage page = cases.list(actor, query);
		String next = page.nextCursor() == null ? null
				: UriComponentsBuilder.fromPath("/api/cases")
					.query(request.getQueryString())
					.replaceQueryParam("cursor", page.nextCursor())
					.build()
					.toUriString();
		return CaseViews.list(page, next);
	}

	/** The case in full for prosecutors; for a task worker, their tasks on it and the least of the case. */
	@GetMapping("/cases/{id}")
	ResponseEntity<?> one(@AuthenticationPrincipal Jwt jwt, @PathVariable String id, HttpServletRequest request) {
		Actor actor = Caller.of(jwt).actor();
		CaseId caseId = Parse.kase(id);
		boolean english = Language.english(request);
		if (!actor.worksCases()) {
			List<WorkerTask> mine = cases.tasksOf(actor, true)
				.stream()
				.filter(t -> t.task().caseId().equals(caseId))
				.toList();
			if (mine.isEmpty()) {
				throw new NotFound("case");
			}
			WorkerTask first = mine.get(0);
			return ResponseEntity.ok(new WorkerCaseView(caseId.value(), first.caseNumber(),
					new WorkerChild(first.childGivenName(), first.childAgeBand()), first.contactChannel(),
					mine.stream().map(t -> TaskView.of(t.task(), english)).toList()));
		}
		CaseFile file = cases.file(actor, caseId);
		return ResponseEntity.ok()
			.eTag(Versions.etag(file.details().version()))
			.body(CaseView.of(file.details(), file.child(), file.attachments(), english));
	}

	@GetMapping("/cases/{id}/timeline")
	TimelineView timeline(@AuthenticationPrincipal Jwt jwt, @PathVariable String id, HttpServletRequest request) {
		Actor actor = Caller.of(jwt).actor();
		CaseId caseId = Parse.kase(id);
		boolean english = Language.english(request);
		return new TimelineView(caseId.value(),
				cases.timeline(actor, caseId).stream().map(e -> EntryView.of(e, english)).toList());
	}

	/** A case offered to the caller's jurisdiction: what it is about and why, to accept or decline. */
	record OfferView(String caseId, String number, String from, String reason, String urgency,
			boolean immediateDanger, Set<Situation> situations, List<String> activeTracks, Instant openedAt,
			Map<String, String> links) {
	}

	@GetMapping("/transfers")
	List<OfferView> transfersOffered(@AuthenticationPrincipal Jwt jwt) {
		return cases.transfersOffered(Caller.of(jwt).actor()).stream().map(offer -> {
			var c = offer.kase();
			String id = c.id().value();
			return new OfferView(id, c.number(), offer.from().value(), offer.reason(), c.urgency().code(),
					c.urgency() == Urgency.IMMEDIATE_DANGER, c.situations(),
					c.activeTracks().stream().map(t -> t.code()).toList(), c.openedAt(),
					Map.of("accept", "/api/cases/" + id + "/transfer/accept", "decline",
							"/api/cases/" + id + "/transfer/decline"));
		}).toList();
	}

	record LeadBody(String lead) {
	}

	@PostMapping("/cases/{id}/lead")
	ResponseEntity<CaseView> assignLead(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestBody LeadBody body, HttpServletRequest request) {
		Actor actor = Caller.of(jwt).actor();
		var lead = Parse.user("lead", body.lead());
		if (lead == null) {
			throw new io.shouhu.casework.InvalidCommand("lead is required.");
		}
		return view(actor, cases.assignLead(actor, Parse.kase(id), Versions.required(ifMatch), lead),
				Language.english(request));
	}

	record ChannelBody(String channel) {
	}

	@PutMapping("/cases/{id}/contact-channel")
	ResponseEntity<CaseView> contactChannel(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestBody ChannelBody body, HttpServletRequest request) {
		Actor actor = Caller.of(jwt).actor();
		return view(actor, cases.setContactChannel(actor, Parse.kase(id), Versions.required(ifMatch), body.channel()),
				Language.english(request));
	}

	record OwnerBody(String owner) {
	}

	@PostMapping("/cases/{id}/tracks/{track}/start")
	ResponseEntity<CaseView> startTrack(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@PathVariable String track, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestBody(required = false) OwnerBody body, HttpServletRequest request) {
		Actor actor = Caller.of(jwt).actor();
		TrackType type = Parse.track(track);
		return view(actor, cases.startTrack(actor, Parse.kase(id), Versions.required(ifMatch), type,
				Parse.user("owner", body == null ? null : body.owner())), Language.english(request));
	}

	@PostMapping("/cases/{id}/tracks/{track}/owner")
	ResponseEntity<CaseView> trackOwner(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@PathVariable String track, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestBody OwnerBody body, HttpServletRequest request) {
		Actor actor = Caller.of(jwt).actor();
		TrackType type = Parse.track(track);
		var owner = Parse.user("owner", body.owner());
		if (owner == null) {
			throw new io.shouhu.casework.InvalidCommand("owner is required.");
		}
		return view(actor, cases.assignTrackOwner(actor, Parse.kase(id), Versions.required(ifMatch), type, owner),
				Language.english(request));
	}

	record MilestoneBody(String milestone, String text, String suitType, Long amountYuan) {
	}

	@PostMapping("/cases/{id}/tracks/{track}/milestones")
	ResponseEntity<CaseView> milestone(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@PathVariable String track, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestBody MilestoneBody body, HttpServletRequest request) {
		Actor actor = Caller.of(jwt).actor();
		TrackType type = Parse.track(track);
		var milestone = Parse.milestone(body.milestone());
		if (milestone.track() != type) {
			throw new io.shouhu.casework.InvalidCommand(
					"Milestone " + milestone.code() + " belongs to the " + milestone.track().code() + " track.");
		}
		return view(actor,
				cases.recordMilestone(actor, Parse.kase(id), Versions.required(ifMatch), milestone,
						new MilestoneDetail(body.text(), Parse.suitType(body.suitType()), body.amountYuan())),
				Language.english(request));
	}

	@PostMapping("/cases/{id}/tracks/{track}/complete")
	ResponseEntity<CaseView> completeTrack(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@PathVariable String track, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			HttpServletRequest request) {
		Actor actor = Caller.of(jwt).actor();
		TrackType type = Parse.track(track);
		return view(actor, cases.completeTrack(actor, Parse.kase(id), Versions.required(ifMatch), type),
				Language.english(request));
	}

	record ReasonBody(String reason) {
	}

	@PostMapping("/cases/{id}/tracks/{track}/not-needed")
	ResponseEntity<CaseView> trackNotNeeded(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@PathVariable String track, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestBody ReasonBody body, HttpServletRequest request) {
		Actor actor = Caller.of(jwt).actor();
		TrackType type = Parse.track(track);
		return view(actor,
				cases.trackNotNeeded(actor, Parse.kase(id), Versions.required(ifMatch), type, body.reason()),
				Language.english(request));
	}

	record NewTaskBody(String track, String title, String assignee, String team, String due) {
	}

	@PostMapping("/cases/{id}/tasks")
	ResponseEntity<TaskView> createTask(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestBody NewTaskBody body, HttpServletRequest request) {
		Actor actor = Caller.of(jwt).actor();
		TrackType type = Parse.trackField("track", body.track());
		if (type == null) {
			throw new io.shouhu.casework.InvalidCommand("track is required.");
		}
		Instant due = Parse.instant("due", body.due());
		TaskId task = cases.createTask(actor, Parse.kase(id), Versions.required(ifMatch), type, body.title(),
				Parse.user("assignee", body.assignee()), Parse.team("team", body.team()), due);
		WorkerTask created = cases.task(actor, task);
		return ResponseEntity.created(URI.create("/api/tasks/" + task.value()))
			.eTag(Versions.etag(created.task().revision()))
			.body(TaskView.of(created.task(), Language.english(request)));
	}

	record CommentBody(String text, String task) {
	}

	/** A comment appends to the timeline and changes nothing else: no If-Match needed. */
	@PostMapping("/cases/{id}/comments")
	ResponseEntity<Void> comment(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@RequestBody CommentBody body) {
		Actor actor = Caller.of(jwt).actor();
		CaseId caseId = Parse.kase(id);
		cases.comment(actor, caseId, Parse.taskField("task", body.task()), body.text());
		return ResponseEntity.status(HttpStatus.CREATED)
			.location(URI.create("/api/cases/" + caseId.value() + "/timeline"))
			.build();
	}

	@PostMapping("/cases/{id}/closure/request")
	ResponseEntity<CaseView> requestClosure(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch, HttpServletRequest request) {
		Actor actor = Caller.of(jwt).actor();
		return view(actor, cases.requestClosure(actor, Parse.kase(id), Versions.required(ifMatch)),
				Language.english(request));
	}

	@PostMapping("/cases/{id}/closure/approve")
	ResponseEntity<CaseView> approveClosure(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch, HttpServletRequest request) {
		Actor actor = Caller.of(jwt).actor();
		return view(actor, cases.approveClosure(actor, Parse.kase(id), Versions.required(ifMatch)),
				Language.english(request));
	}

	@PostMapping("/cases/{id}/closure/decline")
	ResponseEntity<CaseView> declineClosure(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch, @RequestBody ReasonBody body,
			HttpServletRequest request) {
		Actor actor = Caller.of(jwt).actor();
		return view(actor, cases.declineClosure(actor, Parse.kase(id), Versions.required(ifMatch), body.reason()),
				Language.english(request));
	}

	record TransferBody(String to, String reason) {
	}

	@PostMapping("/cases/{id}/transfer")
	ResponseEntity<CaseView> requestTransfer(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestBody TransferBody body, HttpServletRequest request) {
		Actor actor = Caller.of(jwt).actor();
		return view(actor, cases.requestTransfer(actor, Parse.kase(id), Versions.required(ifMatch),
				Parse.jurisdiction("to", body.to()), body.reason()), Language.english(request));
	}

	/** Accepting answers with the receiving jurisdiction's case (201, its Location). */
	@PostMapping("/cases/{id}/transfer/accept")
	ResponseEntity<CaseView> acceptTransfer(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch, HttpServletRequest request) {
		Actor actor = Caller.of(jwt).actor();
		CaseDetails successor = cases.acceptTransfer(actor, Parse.kase(id), Versions.required(ifMatch));
		CaseFile file = cases.file(actor, successor);
		return ResponseEntity.created(URI.create("/api/cases/" + successor.id().value()))
			.eTag(Versions.etag(file.details().version()))
			.body(CaseView.of(file.details(), file.child(), file.attachments(), Language.english(request)));
	}

	@PostMapping("/cases/{id}/transfer/decline")
	ResponseEntity<SummaryView> declineTransfer(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch, @RequestBody ReasonBody body) {
		Actor actor = Caller.of(jwt).actor();
		CaseDetails declined = cases.declineTransfer(actor, Parse.kase(id), Versions.required(ifMatch), body.reason());
		// The case stays with the other jurisdiction: the caller sees only that it was declined.
		return ResponseEntity.ok(new SummaryView(declined.id().value(), declined.number(), "transfer-declined",
				declined.urgency().code(), false, declined.situations(), null, List.of(), 0, 0, declined.openedAt(),
				declined.updatedAt(), null));
	}

	/** The case after a change, as it was saved, with its child and attachments. */
	private ResponseEntity<CaseView> view(Actor actor, CaseDetails details, boolean english) {
		CaseFile file = cases.file(actor, details);
		return ResponseEntity.ok()
			.eTag(Versions.etag(details.version()))
			.body(CaseView.of(details, file.child(), file.attachments(), english));
	}

	/** An attachment of one of the case's reports, for the case's prosecutors (also after a transfer). */
	@GetMapping("/cases/{id}/attachments/{attachmentId}")
	ResponseEntity<byte[]> attachment(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@PathVariable String attachmentId) {
		Actor actor = Caller.of(jwt).actor();
		CaseId caseId = Parse.kase(id);
		AttachmentId attachment = AttachmentId.parse(attachmentId).orElseThrow(() -> new NotFound("attachment"));
		return TriageController.download(cases.attachment(actor, caseId, attachment));
	}
}
