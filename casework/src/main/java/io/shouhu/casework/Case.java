package io.shouhu.casework;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The case (一件事) of one child: the reports it came from, its six tracks with their milestones
 * and tasks, and its timeline. One document, so that every change, with its timeline entry and the
 * feedback it owes the reporting hospitals, is one atomic write. Transitions guard their rules and
 * throw {@link CaseRuleViolated} naming the rule broken.
 */
@Document("cases")
class Case {

	@Id
	String id;

	String number;

	String jurisdiction;

	/** The report whose child this case is about: the child's data stays with the report. */
	String childReport;

	/** How the child is found again: the keys of every report of the case, each once. */
	List<ChildKeys> childKeys = new ArrayList<>();

	List<String> sourceReports = new ArrayList<>();

	Set<Situation> situations = EnumSet.noneOf(Situation.class);

	Urgency urgency;

	UserId lead;

	CaseStatus status;

	List<Track> tracks = new ArrayList<>();

	List<CaseTask> tasks = new ArrayList<>();

	List<TimelineEntry> timeline = new ArrayList<>();

	String playbookVersion;

	/** How the assigned workers reach the child or family, set by the prosecutors; may be {@code null}. */
	String contactChannel;

	Instant openedAt;

	Instant updatedAt;

	UserId closureRequestedBy;

	/** Where the source reports' status should stand: ACCEPTED, IN_PROGRESS or COMPLETED. */
	ReportStatus feedback;

	/** Set with every change of {@link #feedback}, cleared once the reports show it. */
	boolean feedbackPending;

	/** A transfer waiting for the receiving supervisor, or {@code null}. */
	String transferTo;

	String transferReason;

	/**
	 * The id the receiving jurisdiction's case will have, fixed when the transfer is requested, so an
	 * accept retried after a conflict or a crash finds the case it opened instead of opening another.
	 */
	String transferSuccessor;

	/** The case that carries this one on in another jurisdiction, once transferred. */
	String transferredTo;

	/** The case this one carries on, when it came by transfer. */
	String transferredFrom;

	@Version
	Long version;

	/**
	 * What happened to the case that other modules must hear of (alerts), written in the same write as
	 * the change: published after the save and cleared once published, or by the sweep after a crash.
	 * Listeners are idempotent, so publishing one twice is harmless; losing one is not possible.
	 */
	List<Object> outbox = new ArrayList<>();

	Case() {
	}

	static Case open(CaseId id, String number, Report report, UserId lead, Playbook playbook, UserId by,
			Instant now) {
		Case kase = new Case();
		kase.id = id.value();
		kase.number = number;
		kase.jurisdiction = report.jurisdiction().value();
		kase.childReport = report.id().value();
		kase.childKeys.add(report.childKeys());
		kase.sourceReports.add(report.id().value());
		kase.situations.addAll(report.situations());
		kase.urgency = report.urgency();
		kase.lead = lead;
		kase.status = CaseStatus.OPEN;
		kase.playbookVersion = playbook.version();
		kase.openedAt = now.truncatedTo(ChronoUnit.MILLIS);
		kase.updatedAt = kase.openedAt;
		kase.feedback = ReportStatus.ACCEPTED;
		for (TrackType type : TrackType.values()) {
			kase.tracks.add(new Track(type));
		}
		kase.log(by, "case-opened", null, null, Map.of("report", report.id().value(), "number", number, "playbook",
				playbook.version()));
		if (lead != null) {
			kase.log(by, "lead-assigned", null, null, Map.of("lead", lead.value()));
		}
		kase.follow(playbook.plan(report.situations(), report.urgency()), by);
		kase.outbox.add(new CaseEvents.CaseOpened(id, report.id(), kase.jurisdiction(), kase.urgency));
		return kase;
	}

	/** Starts the plan's tracks that have not started, with the plan's tasks not already there. */
	private void follow(Playbook.Plan plan, UserId by) {
		for (TrackType type : plan.tracks()) {
			Track track = track(type);
			if (track.status == TrackStatus.NOT_STARTED) {
				track.status = TrackStatus.ACTIVE;
				track.startedAt = updatedAt;
				log(by, "track-started", type, null, Map.of());
			}
		}
		for (PlannedTask planned : plan.tasks()) {
			Track track = track(planned.track());
			boolean present = tasks.stream().anyMatch(t -> t.track == planned.track() && planned.kind().equals(t.kind));
			if (track.status == TrackStatus.ACTIVE && !present) {
				UserId assignee = planned.team() == Role.PROSECUTOR ? lead : null;
				addTask(planned.track(), planned.kind(), planned.titleChinese(), planned.titleEnglish(), assignee,
						assignee == null ? planned.team() : null, updatedAt.plus(planned.due()), by);
			}
		}
	}

	void merge(Report report, Playbook playbook, UserId by, Instant now) {
		requireOpen();
		touch(now);
		if (!sourceReports.contains(report.id().value())) {
			sourceReports.add(report.id().value());
		}
		// A later report may know the child better (a national ID number the first one lacked).
		if (!childKeys.contains(report.childKeys())) {
			childKeys.add(report.childKeys());
		}
		Set<Situation> added = EnumSet.noneOf(Situation.class);
		added.addAll(report.situations());
		added.removeAll(situations);
		situations.addAll(report.situations());
		boolean moreUrgent = report.urgency().compareTo(urgency) < 0;
		if (moreUrgent) {
			urgency = report.urgency();
		}
		log(by, "report-merged", null, null, Map.of("report", report.id().value()));
		if (moreUrgent) {
			bringForward(playbook.plan(situations, urgency), by);
		}
		if (!added.isEmpty()) {
			follow(playbook.plan(added, urgency), by);
		}
		outbox.add(new CaseEvents.ReportMerged(id(), report.id(), jurisdiction()));
	}

	/**
	 * The child is now in more danger than when the work was planned: a pending task the playbook
	 * plans for the new urgency is due no later than that urgency allows from now (a referral planned
	 * for 24 hours becomes due within 4 when a report of immediate danger joins the case).
	 */
	private void bringForward(Playbook.Plan plan, UserId by) {
		for (PlannedTask planned : plan.tasks()) {
			Instant due = updatedAt.plus(planned.due());
			for (CaseTask task : tasks) {
				if (task.status.pending() && task.track == planned.track() && planned.kind().equals(task.kind)
						&& task.due.isAfter(due)) {
					task.due = due;
					task.revision++;
					log(by, "task-due-brought-forward", task.track, TaskId.of(id(), task.number),
							Map.of("due", due.toString(), "urgency", urgency.code()));
				}
			}
		}
	}

	void assignLead(UserId newLead, UserId by, Instant now) {
		requireOpen();
		touch(now);
		UserId oldLead = lead;
		lead = newLead;
		log(by, "lead-assigned", null, null, Map.of("lead", newLead.value()));
		// The lead's work goes with the lead: the prosecutor team's tasks nobody has taken up, and
		// the old lead's pending ones (a 4-hour referral must not wait in a former lead's list).
		for (CaseTask task : tasks) {
			boolean teams = task.status == TaskStatus.OPEN && task.assignee == null && task.team == Role.PROSECUTOR;
			boolean oldLeads = task.status.pending() && oldLead != null && oldLead.equals(task.assignee)
					&& !oldLead.equals(newLead);
			if (teams || oldLeads) {
				reassign(task, newLead, null, by);
			}
		}
	}

	void setContactChannel(String channel, UserId by, Instant now) {
		requireOpen();
		touch(now);
		contactChannel = channel;
		log(by, "contact-channel-set", null, null, Map.of());
	}

	/**
	 * Starts a track; a finished one is started again (the supervisor declined closure and asked for
	 * more, or new facts came to light), keeping its milestones.
	 */
	void startTrack(TrackType type, UserId owner, UserId by, Instant now) {
		requireOpen();
		Track track = track(type);
		if (track.status.finished()) {
			touch(now);
			track.status = TrackStatus.ACTIVE;
			track.finishedAt = null;
			track.notNeededReason = null;
			if (owner != null) {
				track.owner = owner;
			}
			log(by, "track-reopened", type, null, owner == null ? Map.of() : Map.of("owner", owner.value()));
			return;
		}
		if (track.status == TrackStatus.ACTIVE) {
			throw new CaseRuleViolated(CaseRule.TRACK_ALREADY_STARTED, "The " + type.code() + " track is active already.");
		}
		touch(now);
		track.status = TrackStatus.ACTIVE;
		track.startedAt = updatedAt;
		track.owner = owner;
		log(by, "track-started", type, null, owner == null ? Map.of() : Map.of("owner", owner.value()));
	}

	void assignTrackOwner(TrackType type, UserId owner, UserId by, Instant now) {
		requireOpen();
		Track track = track(type);
		if (track.status.finished()) {
			throw new CaseRuleViolated(CaseRule.TRACK_FINISHED, "The " + type.code() + " track is finished.");
		}
		touch(now);
		track.owner = owner;
		log(by, "track-owner-assigned", type, null, Map.of("owner", owner.value()));
	}

	void recordMilestone(Milestone milestone, MilestoneDetail detail, UserId by, Instant now) {
		requireOpen();
		if (Milestone.AUTOMATIC.contains(milestone)) {
			throw new CaseRuleViolated(CaseRule.MILESTONE_AUTOMATIC,
					"Milestone " + milestone.code() + " is recorded by the system.");
		}
		detail.checkFor(milestone);
		Track track = track(milestone.track());
		if (track.status.finished()) {
			throw new CaseRuleViolated(CaseRule.TRACK_FINISHED,
					"The " + track.type.code() + " track is finished; its milestones cannot change.");
		}
		if (milestone.requires() != null && !track.reached(milestone.requires())) {
			throw new CaseRuleViolated(CaseRule.MILESTONE_PREREQUISITE_MISSING,
					"Milestone " + milestone.code() + " needs " + milestone.requires().code() + " first.");
		}
		if (milestone.excludes() != null && track.reached(milestone.excludes())) {
			throw new CaseRuleViolated(CaseRule.MILESTONE_EXCLUDED,
					"Milestone " + milestone.code() + " is ruled out by " + milestone.excludes().code() + ".");
		}
		if (!milestone.repeatable() && track.reached(milestone)) {
			throw new CaseRuleViolated(CaseRule.MILESTONE_ALREADY_RECORDED,
					"Milestone " + milestone.code() + " was recorded already.");
		}
		touch(now);
		if (track.status == TrackStatus.NOT_STARTED) {
			track.status = TrackStatus.ACTIVE;
			track.startedAt = updatedAt;
			log(by, "track-started", track.type, null, Map.of());
		}
		reach(track, new MilestoneRecord(milestone, updatedAt, by, detail.text(), detail.suitType(),
				detail.amountYuan()), by);
		if (milestone == Milestone.CASE_NOT_FILED) {
			// The police declined to file: the procuratorate supervises that decision (立案监督).
			reach(track, new MilestoneRecord(Milestone.FILING_SUPERVISION_OPENED, updatedAt, null, null, null, null),
					null);
		}
		workBegan();
	}

	private void reach(Track track, MilestoneRecord record, UserId by) {
		track.milestones.add(record);
		Map<String, String> data = new LinkedHashMap<>();
		data.put("milestone", record.milestone().code());
		if (record.suitType() != null) {
			data.put("suitType", record.suitType().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
		}
		if (record.amountYuan() != null) {
			data.put("amountYuan", record.amountYuan().toString());
		}
		if (record.text() != null) {
			data.put("text", record.text());
		}
		log(by, "milestone-recorded", track.type, null, data);
	}

	void completeTrack(TrackType type, UserId by, Instant now) {
		requireOpen();
		Track track = track(type);
		if (track.status != TrackStatus.ACTIVE) {
			throw new CaseRuleViolated(track.status.finished() ? CaseRule.TRACK_FINISHED : CaseRule.TRACK_NOT_ACTIVE,
					"Only an active track can be completed; the " + type.code() + " track is "
							+ track.status.name().toLowerCase(java.util.Locale.ROOT) + ".");
		}
		if (tasks.stream().anyMatch(t -> t.track == type && t.status.pending())) {
			throw new CaseRuleViolated(CaseRule.TRACK_HAS_PENDING_TASKS,
					"The " + type.code() + " track still has open tasks: complete or cancel them first.");
		}
		touch(now);
		track.status = TrackStatus.COMPLETED;
		track.finishedAt = updatedAt;
		log(by, "track-completed", type, null, Map.of());
	}

	void trackNotNeeded(TrackType type, String reason, UserId by, Instant now) {
		requireOpen();
		Track track = track(type);
		if (track.status.finished()) {
			throw new CaseRuleViolated(CaseRule.TRACK_FINISHED, "The " + type.code() + " track is finished.");
		}
		touch(now);
		for (CaseTask task : tasks) {
			if (task.track == type && task.status.pending()) {
				task.status = TaskStatus.CANCELLED;
				task.revision++;
				log(by, "task-cancelled", type, TaskId.of(id(), task.number), Map.of("reason", "track not needed"));
			}
		}
		track.status = TrackStatus.NOT_NEEDED;
		track.notNeededReason = reason;
		track.finishedAt = updatedAt;
		log(by, "track-not-needed", type, null, Map.of("reason", reason));
	}

	TaskId createTask(TrackType type, String title, UserId assignee, Role team, Instant due, UserId by, Instant now) {
		requireOpen();
		Track track = track(type);
		if (track.status.finished()) {
			throw new CaseRuleViolated(CaseRule.TRACK_FINISHED,
					"The " + type.code() + " track is finished; it takes no new tasks.");
		}
		touch(now);
		if (track.status == TrackStatus.NOT_STARTED) {
			track.status = TrackStatus.ACTIVE;
			track.startedAt = updatedAt;
			log(by, "track-started", type, null, Map.of());
		}
		return addTask(type, "custom", title, title, assignee, team, due, by);
	}

	private TaskId addTask(TrackType type, String kind, String titleChinese, String titleEnglish, UserId assignee,
			Role team, Instant due, UserId by) {
		CaseTask task = new CaseTask();
		task.number = tasks.size() + 1;
		task.track = type;
		task.kind = kind;
		task.titleChinese = titleChinese;
		task.titleEnglish = titleEnglish;
		task.assignee = assignee;
		task.team = team;
		task.status = TaskStatus.OPEN;
		task.createdAt = updatedAt;
		task.due = due.truncatedTo(ChronoUnit.MILLIS);
		task.revision = 0;
		tasks.add(task);
		TaskId taskId = TaskId.of(id(), task.number);
		Map<String, String> data = new LinkedHashMap<>();
		data.put("kind", kind);
		data.put("due", task.due.toString());
		data.put(assignee != null ? "assignee" : "team", assignee != null ? assignee.value() : team.code());
		log(by, "task-created", type, taskId, data);
		outbox.add(new CaseEvents.TaskAssigned(taskId, jurisdiction(), assignee, team, task.due, 0));
		return taskId;
	}

	void acknowledgeTask(TaskId taskId, UserId by, Instant now) {
		requireOpen();
		CaseTask task = pendingTask(taskId);
		if (task.status == TaskStatus.ACKNOWLEDGED) {
			throw new CaseRuleViolated(CaseRule.TASK_ALREADY_ACKNOWLEDGED, "The task was acknowledged already.");
		}
		touch(now);
		task.status = TaskStatus.ACKNOWLEDGED;
		task.acknowledgedBy = by;
		task.acknowledgedAt = updatedAt;
		if (task.assignee == null) {
			// Taking up a team's task makes it one's own.
			task.assignee = by;
		}
		task.revision++;
		log(by, "task-acknowledged", task.track, taskId, Map.of());
	}

	void completeTask(TaskId taskId, String outcome, UserId by, Instant now) {
		requireOpen();
		CaseTask task = pendingTask(taskId);
		touch(now);
		task.status = TaskStatus.DONE;
		task.outcome = outcome;
		task.doneBy = by;
		task.doneAt = updatedAt;
		if (task.assignee == null) {
			task.assignee = by;
		}
		task.revision++;
		log(by, "task-completed", task.track, taskId, Map.of("outcome", outcome));
		workBegan();
	}

	void cancelTask(TaskId taskId, String reason, UserId by, Instant now) {
		requireOpen();
		CaseTask task = pendingTask(taskId);
		touch(now);
		task.status = TaskStatus.CANCELLED;
		task.revision++;
		log(by, "task-cancelled", task.track, taskId, Map.of("reason", reason));
	}

	void reassignTask(TaskId taskId, UserId assignee, Role team, UserId by, Instant now) {
		requireOpen();
		CaseTask task = pendingTask(taskId);
		touch(now);
		reassign(task, assignee, team, by);
	}

	private void reassign(CaseTask task, UserId assignee, Role team, UserId by) {
		task.assignee = assignee;
		task.team = assignee == null ? team : task.team;
		task.status = TaskStatus.OPEN;
		task.acknowledgedBy = null;
		task.acknowledgedAt = null;
		task.revision++;
		TaskId taskId = TaskId.of(id(), task.number);
		log(by, "task-reassigned", task.track, taskId,
				Map.of(assignee != null ? "assignee" : "team", assignee != null ? assignee.value() : team.code()));
		outbox.add(new CaseEvents.TaskAssigned(taskId, jurisdiction(), assignee, assignee == null ? team : null,
				task.due, (int) task.revision));
	}

	/**
	 * Records that a supervisor opened the sealed identity of the reporter of one of the case's
	 * reports, and why; never the identity. Recorded whatever the case's status: the act matters.
	 */
	void reporterRevealed(ReportId report, String reason, UserId by, Instant now) {
		touch(now);
		log(by, "reporter-revealed", null, null, Map.of("report", report.value(), "by", by.value(), "reason", reason));
	}

	void comment(String text, TaskId taskId, UserId by, Instant now) {
		if (status == CaseStatus.CLOSED || status == CaseStatus.TRANSFERRED) {
			throw new CaseRuleViolated(CaseRule.CASE_NOT_OPEN,
					"The case is " + status.name().toLowerCase(java.util.Locale.ROOT) + "; it takes no more comments.");
		}
		TrackType track = null;
		if (taskId != null) {
			track = task(taskId).track;
		}
		touch(now);
		log(by, "comment", track, taskId, Map.of("text", text));
	}

	void requestClosure(UserId by, Instant now) {
		requireOpen();
		if (transferTo != null) {
			throw new CaseRuleViolated(CaseRule.TRANSFER_NOT_POSSIBLE,
					"A transfer of this case waits for an answer: it cannot close meanwhile.");
		}
		List<String> unfinished = tracks.stream().filter(t -> !t.status.finished()).map(t -> t.type.code()).toList();
		if (!unfinished.isEmpty()) {
			throw new CaseRuleViolated(CaseRule.TRACKS_UNFINISHED,
					"Every track must be completed or found not needed first; still open: " + String.join(", ",
							unfinished) + ".");
		}
		touch(now);
		status = CaseStatus.CLOSING;
		closureRequestedBy = by;
		log(by, "closure-requested", null, null, Map.of());
		outbox.add(new CaseEvents.ClosureRequested(id(), jurisdiction(), updatedAt));
	}

	void approveClosure(UserId by, Instant now) {
		requireClosing();
		touch(now);
		status = CaseStatus.CLOSED;
		log(by, "case-closed", null, null, Map.of());
		setFeedback(ReportStatus.COMPLETED);
		outbox.add(new CaseEvents.CaseClosed(id(), jurisdiction()));
	}

	void declineClosure(String reason, UserId by, Instant now) {
		requireClosing();
		touch(now);
		status = CaseStatus.OPEN;
		closureRequestedBy = null;
		log(by, "closure-declined", null, null, Map.of("reason", reason));
	}

	void requestTransfer(JurisdictionId to, String reason, UserId by, Instant now) {
		requireOpen();
		if (to.equals(jurisdiction()) || transferTo != null) {
			throw new CaseRuleViolated(CaseRule.TRANSFER_NOT_POSSIBLE, transferTo != null
					? "A transfer is waiting for an answer already." : "The case is in that jurisdiction already.");
		}
		touch(now);
		transferTo = to.value();
		transferReason = reason;
		transferSuccessor = "t-" + java.util.UUID.randomUUID();
		log(by, "transfer-requested", null, null, Map.of("to", to.value(), "reason", reason));
		outbox.add(new CaseEvents.TransferRequested(id(), jurisdiction(), to, updatedAt));
	}

	void declineTransfer(String reason, UserId by, Instant now) {
		requireTransferRequested();
		touch(now);
		String to = transferTo;
		transferTo = null;
		transferReason = null;
		transferSuccessor = null;
		log(by, "transfer-declined", null, null, Map.of("to", to, "reason", reason));
	}

	/**
	 * The receiving jurisdiction accepted: this case ends here as transferred, read-only for its old
	 * jurisdiction, and a case of the new jurisdiction carries the work on.
	 */
	Case transfer(String successorNumber, UserId by, Instant now) {
		requireTransferRequested();
		CaseId successorId = new CaseId(transferSuccessor);
		touch(now);
		Case successor = new Case();
		successor.id = successorId.value();
		successor.number = successorNumber;
		successor.jurisdiction = transferTo;
		successor.childReport = childReport;
		successor.childKeys.addAll(childKeys);
		successor.sourceReports.addAll(sourceReports);
		successor.situations.addAll(situations);
		successor.urgency = urgency;
		successor.status = CaseStatus.OPEN;
		successor.playbookVersion = playbookVersion;
		successor.openedAt = updatedAt;
		successor.updatedAt = updatedAt;
		successor.feedback = feedback;
		successor.transferredFrom = id;
		for (Track track : tracks) {
			Track copy = new Track(track.type);
			copy.status = track.status;
			copy.milestones.addAll(track.milestones);
			copy.notNeededReason = track.notNeededReason;
			copy.startedAt = track.startedAt;
			copy.finishedAt = track.finishedAt;
			successor.tracks.add(copy);
		}
		successor.log(by, "case-transferred-in", null, null, Map.of("from", jurisdiction, "fromCase", id, "reason",
				transferReason));
		// Work not done yet goes to the new jurisdiction's teams; its people are not ours to name.
		for (CaseTask task : tasks) {
			if (task.status.pending()) {
				Role team = task.team != null ? task.team : task.track.team();
				successor.addTask(task.track, task.kind, task.titleChinese, task.titleEnglish, null, team, task.due, by);
				task.status = TaskStatus.CANCELLED;
				task.revision++;
				log(by, "task-cancelled", task.track, TaskId.of(id(), task.number), Map.of("reason", "transferred"));
			}
		}
		status = CaseStatus.TRANSFERRED;
		transferredTo = successor.id;
		log(by, "case-transferred-out", null, null, Map.of("to", transferTo, "toCase", successor.id));
		transferTo = null;
		return successor;
	}

	private void workBegan() {
		if (feedback == ReportStatus.ACCEPTED) {
			setFeedback(ReportStatus.IN_PROGRESS);
		}
	}

	private void setFeedback(ReportStatus next) {
		feedback = next;
		feedbackPending = true;
	}

	void feedbackDelivered() {
		feedbackPending = false;
	}

	private void requireOpen() {
		if (status != CaseStatus.OPEN) {
			throw new CaseRuleViolated(CaseRule.CASE_NOT_OPEN,
					"The case is " + status.name().toLowerCase(java.util.Locale.ROOT) + "; it can no longer change.");
		}
	}

	private void requireClosing() {
		if (status != CaseStatus.CLOSING) {
			throw new CaseRuleViolated(CaseRule.CLOSURE_NOT_REQUESTED, "Nobody asked to close this case.");
		}
	}

	private void requireTransferRequested() {
		if (status != CaseStatus.OPEN || transferTo == null) {
			throw new CaseRuleViolated(CaseRule.NO_TRANSFER_REQUESTED, "No transfer of this case is waiting.");
		}
	}

	private CaseTask pendingTask(TaskId taskId) {
		CaseTask task = task(taskId);
		if (!task.status.pending()) {
			throw new CaseRuleViolated(CaseRule.TASK_NOT_PENDING,
					"The task is " + task.status.name().toLowerCase(java.util.Locale.ROOT) + "; it can no longer change.");
		}
		return task;
	}

	CaseTask task(TaskId taskId) {
		return findTask(taskId).orElseThrow(() -> new NotFound("task"));
	}

	Optional<CaseTask> findTask(TaskId taskId) {
		if (!taskId.caseId().value().equals(id)) {
			return Optional.empty();
		}
		return tasks.stream().filter(t -> TaskId.of(id(), t.number).equals(taskId)).findFirst();
	}

	Track track(TrackType type) {
		return tracks.stream().filter(t -> t.type == type).findFirst().orElseThrow();
	}

	private void touch(Instant now) {
		Instant at = now.truncatedTo(ChronoUnit.MILLIS);
		updatedAt = at.isAfter(updatedAt) ? at : updatedAt;
	}

	private void log(UserId by, String type, TrackType track, TaskId task, Map<String, String> data) {
		timeline.add(new TimelineEntry(updatedAt, by == null ? "system" : by.value(), type, track, task, data));
	}

	CaseId id() {
		return new CaseId(id);
	}

	JurisdictionId jurisdiction() {
		return new JurisdictionId(jurisdiction);
	}

	ReportId childReport() {
		return new ReportId(childReport);
	}

	List<ReportId> sourceReports() {
		return sourceReports.stream().map(ReportId::new).toList();
	}

	long version() {
		return version == null ? 0 : version;
	}

	/** Whether one of the case's reports carries this national ID number digest. */
	boolean knowsNationalId(String digest) {
		return digest != null && childKeys.stream().anyMatch(k -> digest.equals(k.nationalId()));
	}

	/** What the outbox holds now, to publish. */
	List<Object> notices() {
		return List.copyOf(outbox);
	}

	/** Takes what the outbox holds, emptying it in memory only (the aggregate's tests look at each step). */
	List<Object> drainEvents() {
		List<Object> drained = List.copyOf(outbox);
		outbox.clear();
		return drained;
	}

	CaseDetails details(Instant now) {
		Set<String> reports = new LinkedHashSet<>(sourceReports);
		return new CaseDetails(id(), number, jurisdiction(), status, urgency, Set.copyOf(situations), lead,
				reports.stream().map(ReportId::new).toList(), childReport(),
				tracks.stream().map(Track::details).toList(),
				tasks.stream().map(t -> t.details(id(), now)).toList(), contactChannel, playbookVersion, openedAt,
				updatedAt, transferTo == null ? null : new JurisdictionId(transferTo),
				transferredTo == null ? null : new CaseId(transferredTo),
				transferredFrom == null ? null : new CaseId(transferredFrom), version());
	}
}
