package io.shouhu.casework;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;

/**
 * Working a case: reading it as one's role allows, and every change to its tracks, tasks and
 * status. Who may do what is checked here, server-side, for every call: a case of another
 * jurisdiction is {@link NotFound}, an action one's roles do not allow is {@link NotPermitted}, a
 * change on a stale version is {@link StaleVersion}, and a broken rule is {@link CaseRuleViolated}.
 */
@Service
public class CaseManagement {

	private static final int RETRIES = 5;

	private final Cases cases;

	private final Reports reports;

	private final Attachments attachments;

	private final CaseNumbers numbers;

	private final ReferenceData referenceData;

	private final CaseFeedback feedback;

	private final Audit audit;

	private final CaseNotices notices;

	private final Clock clock;

	CaseManagement(Cases cases, Reports reports, Attachments attachments, CaseNumbers numbers,
			ReferenceData referenceData, CaseFeedback feedback, Audit audit, CaseNotices notices,
			Optional<Clock> clock) {
		this.cases = cases;
		this.reports = reports;
		this.attachments = attachments;
		this.numbers = numbers;
		this.referenceData = referenceData;
		this.feedback = feedback;
		this.audit = audit;
		this.notices = notices;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	// Reading

	/** The case's timeline, oldest first. */
	public List<TimelineEntry> timeline(Actor actor, CaseId id) {
		return audit.user(actor, "read-timeline", Audit.CASE, id.value(), () -> {
			return List.copyOf(readable(actor, id).timeline);
		});
	}

	/**
	 * The case as its prosecutors open it: the case, its child and its reports' attachments, from one
	 * read of the case and one of each of its reports.
	 */
	public CaseFile file(Actor actor, CaseId id) {
		return audit.user(actor, "read", Audit.CASE, id.value(), () -> {
			// Read only, and shown without its timeline (which has its own endpoint): not mapped at all.
			return fileOf(readable(actor, cases.withoutTimeline(id)).details(clock.instant()));
		});
	}

	/**
	 * The case as a change left it (what a change returns), with its child and attachments: the case
	 * is not read again, only its reports.
	 * @throws NotFound for a case of another jurisdiction
	 */
	public CaseFile file(Actor actor, CaseDetails details) {
		if (!actor.worksCases() || !details.jurisdiction().equals(actor.jurisdiction())) {
			throw new NotFound("case");
		}
		return fileOf(details);
	}

	private CaseFile fileOf(CaseDetails details) {
		Child child = null;
		List<CaseAttachment> all = new ArrayList<>();
		for (ReportId report : details.sourceReports()) {
			Optional<Report> found = reports.byId(report);
			if (found.isEmpty()) {
				continue;
			}
			if (report.equals(details.childReport())) {
				child = found.get().child();
			}
			found.get().attachments().forEach(info -> all.add(new CaseAttachment(report, info)));
		}
		return new CaseFile(details, child, all);
	}

	/**
	 * One attachment of a report of the case, opened for the case's prosecutors; also after a transfer,
	 * when the reports stay with the jurisdiction that received them.
	 */
	public AttachmentFile attachment(Actor actor, CaseId id, AttachmentId attachment) {
		return audit.user(actor, "read", Audit.ATTACHMENT, attachment.value(), () -> {
			Case kase = readable(actor, id);
			for (ReportId report : kase.sourceReports()) {
				Optional<AttachmentInfo> info = reports.byId(report).flatMap(r -> r.attachment(attachment));
				if (info.isPresent()) {
					return attachments.read(attachment)
						.map(data -> new AttachmentFile(info.get(), data))
						.orElseThrow(() -> new NotFound("attachment"));
				}
			}
			throw new NotFound("attachment");
		});
	}

	/** A page of the jurisdiction's cases, newest change first. */
	public CasePage list(Actor actor, CaseQuery query) {
		try {
			requireCaseWorker(actor);
		}
		catch (NotPermitted denied) {
			audit.denied(actor, "list", "case-list", actor.jurisdiction().value());
			throw denied;
		}
		Instant now = clock.instant();
		List<CaseSummary> found = cases.summaries(actor.jurisdiction(), query, now);
		boolean more = found.size() > query.limit();
		List<CaseSummary> page = more ? found.subList(0, query.limit()) : found;
		audit.listed(actor, Audit.CASE, page, c -> c.id().value(), c -> actor.jurisdiction().value());
		return new CasePage(List.copyOf(page), more ? Cases.Cursor.after(page.get(page.size() - 1)) : null);
	}

	/**
	 * Cases other jurisdictions offer to the caller's, for its supervisor to accept or decline: what
	 * the case is about and why it is offered, not the case file, which is the sender's until accepted.
	 */
	public List<TransferOffer> transfersOffered(Actor actor) {
		try {
			requireSupervisor(actor);
		}
		catch (NotPermitted denied) {
			audit.denied(actor, "list", "transfer-offers", actor.jurisdiction().value());
			throw denied;
		}
		Instant now = clock.instant();
		return audit.listed(actor, Audit.CASE, cases.transfersTo(actor.jurisdiction())
			.stream()
			.map(c -> new TransferOffer(CaseListIndex.Entry.of(c).summary(now), c.jurisdiction(), c.transferReason))
			.toList(), offer -> offer.kase().id().value(), offer -> offer.from().value());
	}

	/**
	 * The caller's tasks: given to them by name, or to one of their teams and not yet taken up by
	 * someone else; the pending ones (or all, with {@code includeFinished}), soonest due first.
	 */
	public List<WorkerTask> tasksOf(Actor actor, boolean includeFinished) {
		return audit.listed(actor, Audit.TASK, tasks(actor, includeFinished), t -> t.task().id().value(),
				t -> actor.jurisdiction().value());
	}

	/**
	 * Where a case stands, for the system (an escalation asks whether its approval still waits): its
	 * status and whether a transfer waits for an answer; no personal data.
	 */
	public Optional<CaseState> stateOf(CaseId id) {
		return cases.byId(id).map(c -> new CaseState(c.status, c.transferTo != null));
	}

	/** @param transferPending whether an offer to another jurisdiction waits for its answer */
	public record CaseState(CaseStatus status, boolean transferPending) {
	}

	/**
	 * Pending tasks due before the time, of every jurisdiction: for the reminders the system sends (ids,
	 * who and when only; no personal data).
	 */
	public List<DueTask> tasksDueBefore(Instant until) {
		List<DueTask> due = new ArrayList<>();
		for (Case kase : cases.withTasksDueBefore(until)) {
			for (CaseTask task : kase.tasks) {
				if (task.status.pending() && task.due != null && task.due.isBefore(until)) {
					due.add(new DueTask(TaskId.of(kase.id(), task.number), kase.jurisdiction(), task.assignee, task.team,
							task.due));
				}
			}
		}
		return due;
	}

	/** How many of the caller's tasks are pending, and how many of those overdue: counts only. */
	public TaskCounts taskCounts(Actor actor) {
		List<WorkerTask> pending = tasks(actor, false);
		return new TaskCounts(pending.size(), (int) pending.stream().filter(t -> t.task().overdue()).count());
	}

	/** @param pending tasks not done or cancelled @param overdue of those, past due */
	public record TaskCounts(int pending, int overdue) {
	}

	private List<WorkerTask> tasks(Actor actor, boolean includeFinished) {
		Instant now = clock.instant();
		List<WorkerTask> mine = new ArrayList<>();
		for (Case kase : cases.withTasksFor(actor)) {
			if (kase.status == CaseStatus.TRANSFERRED) {
				continue;
			}
			Optional<Child> child = Optional.empty();
			for (CaseTask task : kase.tasks) {
				boolean theirs = task.isFor(actor) || actor.user().equals(task.doneBy);
				if (!theirs || (!includeFinished && !task.status.pending())) {
					continue;
				}
				if (task.track.confidential() && !actor.worksCases()) {
					continue;
				}
				if (child.isEmpty()) {
					child = reports.byId(kase.childReport()).map(Report::child);
				}
				mine.add(workerTask(kase, task, child.orElse(null), now));
			}
		}
		mine.sort(Comparator.comparing((WorkerTask t) -> t.task().due(), Comparator.nullsLast(Comparator.naturalOrder())));
		return mine;
	}

	/** One task, for its assignee (with the least of the case) or the case's prosecutors. */
	public WorkerTask task(Actor actor, TaskId id) {
		return audit.user(actor, "read", Audit.TASK, id.value(), () -> {
			Case kase = cases.byId(id.caseId()).orElseThrow(() -> new NotFound("task"));
			CaseTask task = kase.findTask(id).orElseThrow(() -> new NotFound("task"));
			if (!mayWorkTask(actor, kase, task) && !(actor.worksCases() && mayRead(actor, kase))) {
				throw new NotFound("task");
			}
			Child child = reports.byId(kase.childReport()).map(Report::child).orElse(null);
			return workerTask(kase, task, child, clock.instant());
		});
	}

	// Changing the case

	/** The supervisor names the lead prosecutor. */
	public CaseDetails assignLead(Actor actor, CaseId id, long expectedVersion, UserId lead) {
		return change("assign-lead", actor, id, expectedVersion, CaseManagement::requireSupervisor, c -> {
			requireStaff(actor.jurisdiction(), lead, Role.PROSECUTOR, CaseRule.LEAD_NOT_A_PROSECUTOR);
			c.assignLead(lead, actor.user(), clock.instant());
		});
	}

	public CaseDetails setContactChannel(Actor actor, CaseId id, long expectedVersion, String channel) {
		String text = required(channel, "A contact channel", 200);
		return change("set-contact-channel", actor, id, expectedVersion, CaseManagement::requireProsecution, c -> c.setContactChannel(text, actor.user(), clock.instant()));
	}

	public CaseDetails startTrack(Actor actor, CaseId id, long expectedVersion, TrackType track, UserId owner) {
		return change("start-track", actor, id, expectedVersion, CaseManagement::requireProsecution, c -> {
			if (owner != null) {
				requireStaff(actor.jurisdiction(), owner, null, CaseRule.ASSIGNEE_NOT_IN_JURISDICTION);
			}
			c.startTrack(track, owner, actor.user(), clock.instant());
		});
	}

	public CaseDetails assignTrackOwner(Actor actor, CaseId id, long expectedVersion, TrackType track, UserId owner) {
		return change("assign-track-owner", actor, id, expectedVersion, CaseManagement::requireProsecution, c -> {
			requireStaff(actor.jurisdiction(), owner, null, CaseRule.ASSIGNEE_NOT_IN_JURISDICTION);
			c.assignTrackOwner(track, owner, actor.user(), clock.instant());
		});
	}

	public CaseDetails recordMilestone(Actor actor, CaseId id, long expectedVersion, Milestone milestone,
			MilestoneDetail detail) {
		MilestoneDetail given = detail == null ? MilestoneDetail.NONE : detail;
		return change("record-milestone", actor, id, expectedVersion, CaseManagement::requireProsecution,
				c -> c.recordMilestone(milestone, given, actor.user(), clock.instant()));
	}

	public CaseDetails completeTrack(Actor actor, CaseId id, long expectedVersion, TrackType track) {
		return change("complete-track", actor, id, expectedVersion, CaseManagement::requireProsecution, c -> c.completeTrack(track, actor.user(), clock.instant()));
	}

	public CaseDetails trackNotNeeded(Actor actor, CaseId id, long expectedVersion, TrackType track, String reason) {
		String text = required(reason, "A reason", 2000);
		return change("track-not-needed", actor, id, expectedVersion, CaseManagement::requireProsecution, c -> c.trackNotNeeded(track, text, actor.user(), clock.instant()));
	}

	/** A task of the prosecutors' own making, for a person or a role team of the jurisdiction. */
	public TaskId createTask(Actor actor, CaseId id, long expectedVersion, TrackType track, String title,
			UserId assignee, Role team, Instant due) {
		String text = required(title, "A title", 200);
		checkAssignmentShape(assignee, team);
		if (due != null && !due.isAfter(clock.instant())) {
			throw new InvalidCommand("A task is due in the future.");
		}
		Instant dueAt = due != null ? due : clock.instant().plus(Duration.ofDays(7));
		TaskId[] created = new TaskId[1];
		change("create-task", actor, id, expectedVersion, CaseManagement::requireProsecution, c -> {
			requireAssignee(actor, assignee);
			created[0] = c.createTask(track, text, assignee, team, dueAt, actor.user(), clock.instant());
		});
		return created[0];
	}

	/** A comment on the case, or on one of its tasks; a task's assignee may comment on their task. */
	public void comment(Actor actor, CaseId id, TaskId task, String text) {
		audit.user(actor, "comment", Audit.CASE, id.value(), () -> {
			String comment = required(text, "A comment", 4000);
			for (int attempt = 1;; attempt++) {
				Case kase = cases.byId(id).orElseThrow(() -> new NotFound("case"));
				boolean onOwnTask = task != null
						&& kase.findTask(task).map(t -> mayWorkTask(actor, kase, t)).orElse(false);
				if (!onOwnTask) {
					if (hidden(actor, kase)) {
						throw new NotFound("case");
					}
					if (!actor.worksCases()) {
						// The case is one they have a task on, but not this task (which stays hidden) or the case as a whole.
						if (task != null) {
							throw new NotFound("task");
						}
						throw new NotPermitted("Task workers comment on their own tasks.");
					}
					if (task != null) {
						kase.task(task);
					}
				}
				kase.comment(comment, task, actor.user(), clock.instant());
				if (store(kase, attempt)) {
					return;
				}
			}
		});
	}

	/** The lead (or the supervisor) asks to close: every track must be finished. */
	public CaseDetails requestClosure(Actor actor, CaseId id, long expectedVersion) {
		return change("request-closure", actor, id, expectedVersion, CaseManagement::requireProsecution, c -> {
			if (!actor.has(Role.SUPERVISOR) && !actor.user().equals(c.lead)) {
				throw new NotPermitted("Only the lead prosecutor or the supervisor asks to close a case.");
			}
			c.requestClosure(actor.user(), clock.instant());
		});
	}

	/** The supervisor approves closure: the case closes and the hospitals' Tasks show completed. */
	public CaseDetails approveClosure(Actor actor, CaseId id, long expectedVersion) {
		return change("approve-closure", actor, id, expectedVersion, CaseManagement::requireSupervisor, c -> c.approveClosure(actor.user(), clock.instant()));
	}

	public CaseDetails declineClosure(Actor actor, CaseId id, long expectedVersion, String reason) {
		String text = required(reason, "A reason", 2000);
		return change("decline-closure", actor, id, expectedVersion, CaseManagement::requireSupervisor, c -> c.declineClosure(text, actor.user(), clock.instant()));
	}

	/** Offers the case to another jurisdiction (the child lives there); its supervisor decides. */
	public CaseDetails requestTransfer(Actor actor, CaseId id, long expectedVersion, JurisdictionId to,
			String reason) {
		String text = required(reason, "A reason", 2000);
		return change("request-transfer", actor, id, expectedVersion, CaseManagement::requireProsecution, c -> {
			if (referenceData.jurisdiction(to).isEmpty()) {
				throw new CaseRuleViolated(CaseRule.TRANSFER_NOT_POSSIBLE, "No such jurisdiction.");
			}
			c.requestTransfer(to, text, actor.user(), clock.instant());
		});
	}

	/**
	 * The receiving supervisor accepts a transfer: the case carries on in a case of the receiving
	 * jurisdiction, and the old one stays, read-only, with the jurisdiction that worked it.
	 * @return the receiving jurisdiction's case
	 */
	public CaseDetails acceptTransfer(Actor actor, CaseId id, long expectedVersion) {
		return audit.user(actor, "accept-transfer", Audit.CASE, id.value(), () -> {
			Case kase = offered(actor, id, expectedVersion);
			Jurisdiction receiving = referenceData.jurisdiction(actor.jurisdiction()).orElseThrow();
			Instant now = clock.instant();
			// An accept retried after a conflict finds its successor already there, and keeps its number.
			String number = cases.byId(new CaseId(kase.transferSuccessor))
				.map(existing -> existing.number)
				.orElseGet(() -> numbers.next(receiving, now));
			Case successor = kase.transfer(number, actor.user(), now);
			CaseId successorId = successor.id();
			// The successor first: should the old case's save fail, accepting again finds it (same id).
			try {
				cases.insert(successor);
			}
			catch (DuplicateKeyException again) {
				// An earlier attempt got this far.
			}
			try {
				cases.save(kase);
			}
			catch (OptimisticLockingFailureException raced) {
				throw new StaleVersion();
			}
			notices.publish(successor);
			notices.publish(kase);
			return cases.byId(successorId).orElseThrow().details(now);
		});
	}

	public CaseDetails declineTransfer(Actor actor, CaseId id, long expectedVersion, String reason) {
		return audit.user(actor, "decline-transfer", Audit.CASE, id.value(), () -> {
			String text = required(reason, "A reason", 2000);
			Case kase = offered(actor, id, expectedVersion);
			kase.declineTransfer(text, actor.user(), clock.instant());
			try {
				cases.save(kase);
			}
			catch (OptimisticLockingFailureException raced) {
				throw new StaleVersion();
			}
			return kase.details(clock.instant());
		});
	}

	// Changing a task

	/** The assignee (or a member of the team it is for) says they are on it. */
	public TaskDetails acknowledgeTask(Actor actor, TaskId id, long expectedRevision) {
		return changeTask("acknowledge-task", actor, id, expectedRevision, false,
				(c, t) -> c.acknowledgeTask(id, actor.user(), clock.instant()));
	}

	/** The assignee (or a member of the team) completes the task with an outcome note. */
	public TaskDetails completeTask(Actor actor, TaskId id, long expectedRevision, String outcome) {
		String note = required(outcome, "An outcome note", 4000);
		return changeTask("complete-task", actor, id, expectedRevision, false,
				(c, t) -> c.completeTask(id, note, actor.user(), clock.instant()));
	}

	public TaskDetails cancelTask(Actor actor, TaskId id, long expectedRevision, String reason) {
		String text = required(reason, "A reason", 2000);
		return changeTask("cancel-task", actor, id, expectedRevision, true,
				(c, t) -> c.cancelTask(id, text, actor.user(), clock.instant()));
	}

	/** Gives the task to another person, or to a role team, of the jurisdiction. */
	public TaskDetails reassignTask(Actor actor, TaskId id, long expectedRevision, UserId assignee, Role team) {
		checkAssignmentShape(assignee, team);
		return changeTask("reassign-task", actor, id, expectedRevision, true, (c, t) -> {
			requireAssignee(actor, assignee);
			c.reassignTask(id, assignee, team, actor.user(), clock.instant());
		});
	}

	// The mechanics

	private CaseDetails change(String action, Actor actor, CaseId id, long expectedVersion,
			Consumer<Actor> permission, Consumer<Case> transition) {
		return audit.user(actor, action, Audit.CASE, id.value(), () -> {
		// Another jurisdiction's case is not found, whatever the caller's roles; then the roles.
			// A task worker with no task on the case does not learn that it exists either.
			Case kase = cases.byId(id).filter(c -> !hidden(actor, c)).orElseThrow(() -> new NotFound("case"));
			permission.accept(actor);
			if (kase.version() != expectedVersion) {
				throw new StaleVersion();
			}
			transition.accept(kase);
			try {
				cases.save(kase);
			}
			catch (OptimisticLockingFailureException raced) {
				throw new StaleVersion();
			}
			afterSave(kase);
			return kase.details(clock.instant());
		});
	}

	/**
	 * Changes one task. Its If-Match is the task's own revision, so that two workers on two tasks of
	 * one case do not stale each other: a conflict on the case document is retried as long as the
	 * task itself did not change.
	 */
	private TaskDetails changeTask(String action, Actor actor, TaskId id, long expectedRevision, boolean prosecution,
			java.util.function.BiConsumer<Case, CaseTask> transition) {
		return audit.user(actor, action, Audit.TASK, id.value(), () -> {
		for (int attempt = 1;; attempt++) {
				Case kase = cases.byId(id.caseId()).orElseThrow(() -> new NotFound("task"));
				CaseTask task = kase.findTask(id).orElseThrow(() -> new NotFound("task"));
				boolean prosecutorHere = actor.hasAny(Role.PROSECUTOR, Role.SUPERVISOR)
						&& kase.jurisdiction().equals(actor.jurisdiction());
				if (!prosecutorHere && !mayWorkTask(actor, kase, task)) {
					if (actor.worksCases() && kase.jurisdiction().equals(actor.jurisdiction())) {
						// Intake reads the case's tasks (see task()), so hiding this one would be a lie.
						throw new NotPermitted("Tasks are worked by their assignees and the case's prosecutors.");
					}
					throw new NotFound("task");
				}
				if (prosecution && !prosecutorHere) {
					throw new NotPermitted("Only the case's prosecutors may do this to a task.");
				}
				if (task.revision != expectedRevision) {
					throw new StaleVersion();
				}
				transition.accept(kase, task);
				if (store(kase, attempt)) {
					return kase.task(id).details(kase.id(), clock.instant());
				}
			}
		});
	}

	/** Saves; {@code false} when the case changed meanwhile and the caller should try again. */
	private boolean store(Case kase, int attempt) {
		try {
			cases.save(kase);
		}
		catch (OptimisticLockingFailureException raced) {
			if (attempt >= RETRIES) {
				throw new StaleVersion();
			}
			return false;
		}
		afterSave(kase);
		return true;
	}

	private void afterSave(Case kase) {
		notices.publish(kase);
		if (kase.feedbackPending) {
			feedback.deliver(kase);
		}
	}

	private Case readable(Actor actor, CaseId id) {
		return readable(actor, cases.byId(id));
	}

	private Case readable(Actor actor, Optional<Case> found) {
		Case kase = found.orElseThrow(() -> new NotFound("case"));
		if (actor.worksCases() && mayRead(actor, kase)) {
			return kase;
		}
		if (hidden(actor, kase)) {
			throw new NotFound("case");
		}
		// A task worker who knows the case from their task: the case as a whole is not theirs to read.
		throw new NotPermitted("Task workers see their own tasks; the case in full is for its prosecutors.");
	}

	/**
	 * Whether the case's existence is hidden from the actor: it is another jurisdiction's, or the
	 * actor works tasks only and has none on it.
	 */
	private static boolean hidden(Actor actor, Case kase) {
		if (!kase.jurisdiction().equals(actor.jurisdiction())) {
			return true;
		}
		return !actor.worksCases() && kase.tasks.stream().noneMatch(t -> mayWorkTask(actor, kase, t));
	}

	/**
	 * Only the case's own jurisdiction reads it. A supervisor a transfer is offered to decides from the
	 * offer ({@link #transfersOffered}); the child's data and the criminal track reach another
	 * jurisdiction only once it has taken the case on.
	 */
	private static boolean mayRead(Actor actor, Case kase) {
		return kase.jurisdiction().equals(actor.jurisdiction());
	}

	private Case offered(Actor actor, CaseId id, long expectedVersion) {
		Case kase = cases.byId(id)
			.filter(c -> actor.jurisdiction().value().equals(c.transferTo))
			.orElseThrow(() -> new NotFound("case"));
		requireSupervisor(actor);
		if (kase.version() != expectedVersion) {
			throw new StaleVersion();
		}
		return kase;
	}

	private static boolean mayWorkTask(Actor actor, Case kase, CaseTask task) {
		return kase.jurisdiction().equals(actor.jurisdiction()) && (task.isFor(actor)
				|| actor.user().equals(task.doneBy)) && (!task.track.confidential() || actor.worksCases());
	}

	private WorkerTask workerTask(Case kase, CaseTask task, Child child, Instant now) {
		return new WorkerTask(task.details(kase.id(), now), kase.number, child == null ? null : child.givenName(),
				child == null ? null : ageBand(child.birthDate(), now), kase.contactChannel);
	}

	/** Age bands that match the law's thresholds (14 and 16) without giving the birth date away. */
	static String ageBand(LocalDate birthDate, Instant now) {
		int age = Age.on(birthDate, LocalDate.ofInstant(now, CaseNumbers.CHINA));
		if (age < 6) {
			return "0-5";
		}
		if (age < 12) {
			return "6-11";
		}
		if (age < 14) {
			return "12-13";
		}
		if (age < 16) {
			return "14-15";
		}
		return age < 18 ? "16-17" : "18+";
	}

	private static void checkAssignmentShape(UserId assignee, Role team) {
		if ((assignee == null) == (team == null)) {
			throw new InvalidCommand("Name either a person or a role team, not both and not neither.");
		}
		if (team == Role.INTAKE) {
			throw new InvalidCommand("Tasks go to prosecutors, supervisors or the aid teams, not to intake.");
		}
	}

	/** Run after the jurisdiction and role checks: whom the caller's jurisdiction has is not for others to probe. */
	private void requireAssignee(Actor actor, UserId assignee) {
		if (assignee != null) {
			requireStaff(actor.jurisdiction(), assignee, null, CaseRule.ASSIGNEE_NOT_IN_JURISDICTION);
		}
	}

	private void requireStaff(JurisdictionId jurisdiction, UserId user, Role role, CaseRule rule) {
		boolean ok = referenceData.staffMember(user)
			.filter(m -> m.jurisdiction().equals(jurisdiction) && (role == null || m.roles().contains(role)))
			.isPresent();
		if (!ok) {
			throw new CaseRuleViolated(rule, role == null ? "The assignee must be staff of the case's jurisdiction."
					: "The lead must be a prosecutor of the case's jurisdiction.");
		}
	}

	private static String required(String text, String what, int max) {
		if (text == null || text.isBlank()) {
			throw new InvalidCommand(what + " is required.");
		}
		if (text.length() > max) {
			throw new InvalidCommand(what + " is at most " + max + " characters.");
		}
		return text.strip();
	}

	private static void requireCaseWorker(Actor actor) {
		if (!actor.worksCases()) {
			throw new NotPermitted("Cases are worked by intake, prosecutors and supervisors; see your tasks instead.");
		}
	}

	private static void requireProsecution(Actor actor) {
		if (!actor.hasAny(Role.PROSECUTOR, Role.SUPERVISOR)) {
			throw new NotPermitted("Only prosecutors and supervisors change a case.");
		}
	}

	private static void requireSupervisor(Actor actor) {
		if (!actor.has(Role.SUPERVISOR)) {
			throw new NotPermitted("Only the supervisor may do this.");
		}
	}
}
