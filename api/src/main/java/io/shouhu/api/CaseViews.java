package io.shouhu.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.shouhu.casework.CaseAttachment;
import io.shouhu.casework.CaseDetails;
import io.shouhu.casework.CasePage;
import io.shouhu.casework.CaseSummary;
import io.shouhu.casework.Child;
import io.shouhu.casework.MilestoneRecord;
import io.shouhu.casework.Situation;
import io.shouhu.casework.TaskDetails;
import io.shouhu.casework.TimelineEntry;
import io.shouhu.casework.TrackDetails;
import io.shouhu.casework.Urgency;
import io.shouhu.casework.WorkerTask;

/** The JSON shapes of cases, tracks, tasks and timelines, with display texts in the caller's language. */
final class CaseViews {

	private CaseViews() {
	}

	record CaseView(String id, String number, String jurisdiction, String status, String urgency,
			boolean immediateDanger, Set<Situation> situations, String lead, ChildView child, List<String> sourceReports,
			List<TrackView> tracks, List<TaskView> tasks, List<AttachmentView> attachments, String contactChannel,
			String playbookVersion, Instant openedAt, Instant updatedAt, String transferRequestedTo,
			String transferredTo, String transferredFrom, long version, Map<String, String> links) {

		static CaseView of(CaseDetails c, Child child, List<CaseAttachment> attachments, boolean english) {
			return new CaseView(c.id().value(), c.number(), c.jurisdiction().value(), Parse.lower(c.status()),
					c.urgency().code(), c.urgency() == Urgency.IMMEDIATE_DANGER, c.situations(),
					c.lead() == null ? null : c.lead().value(), child == null ? null : ChildView.of(child, c.openedAt()),
					c.sourceReports().stream().map(r -> "/api/reports/" + r.value()).toList(),
					c.tracks().stream().map(t -> TrackView.of(t, english)).toList(),
					c.tasks().stream().map(t -> TaskView.of(t, english)).toList(),
					attachments.stream().map(a -> AttachmentView.of(c, a)).toList(), c.contactChannel(),
					c.playbookVersion(), c.openedAt(), c.updatedAt(),
					c.transferRequestedTo() == null ? null : c.transferRequestedTo().value(),
					c.transferredTo() == null ? null : c.transferredTo().value(),
					c.transferredFrom() == null ? null : c.transferredFrom().value(), c.version(),
					Map.of("self", "/api/cases/" + c.id().value(), "timeline",
							"/api/cases/" + c.id().value() + "/timeline"));
		}
	}

	/** An attachment of one of the case's reports (a photo of an injury), with the link to download it. */
	record AttachmentView(String id, String report, String contentType, String title, long size, String link) {

		static AttachmentView of(CaseDetails c, CaseAttachment a) {
			return new AttachmentView(a.info().id().value(), a.report().value(), a.info().contentType(),
					a.info().title(), a.info().size(),
					"/api/cases/" + c.id().value() + "/attachments/" + a.info().id().value());
		}
	}

	/** The child as the case's prosecutors see it; the national ID number masked. */
	record ChildView(String familyName, String givenName, LocalDate birthDate, String sex, String nationalIdMasked) {

		static ChildView of(Child child, Instant asOf) {
			return new ChildView(child.familyName(), child.givenName(), child.birthDate(), Parse.lower(child.sex()),
					TriageController.masked(child.nationalId()));
		}
	}

	record TrackView(String type, String name, String status, String owner, String notNeededReason,
			List<MilestoneView> milestones, Instant startedAt, Instant finishedAt) {

		static TrackView of(TrackDetails t, boolean english) {
			return new TrackView(t.type().code(), t.type().display(english), Parse.lower(t.status()),
					t.owner() == null ? null : t.owner().value(), t.notNeededReason(),
					t.milestones().stream().map(m -> MilestoneView.of(m, english)).toList(), t.startedAt(),
					t.finishedAt());
		}
	}

	record MilestoneView(String milestone, String name, Instant at, String by, String text, String suitType,
			Long amountYuan) {

		static MilestoneView of(MilestoneRecord m, boolean english) {
			return new MilestoneView(m.milestone().code(), m.milestone().display(english), m.at(),
					m.by() == null ? "system" : m.by().value(), m.text(), Parse.lower(m.suitType()), m.amountYuan());
		}
	}

	record TaskView(String id, String caseId, String track, String trackName, String kind, String title,
			String assignee, String team, String status, Instant due, boolean overdue, Instant createdAt,
			String acknowledgedBy, Instant acknowledgedAt, String doneBy, Instant doneAt, String outcome, long version,
			String link) {

		static TaskView of(TaskDetails t, boolean english) {
			return new TaskView(t.id().value(), t.caseId().value(), t.track().code(), t.track().display(english),
					t.kind(), t.title(english), t.assignee() == null ? null : t.assignee().value(),
					t.team() == null ? null : t.team().code(), Parse.lower(t.status()), t.due(), t.overdue(),
					t.createdAt(), t.acknowledgedBy() == null ? null : t.acknowledgedBy().value(), t.acknowledgedAt(),
					t.doneBy() == null ? null : t.doneBy().value(), t.doneAt(), t.outcome(), t.revision(),
					"/api/tasks/" + t.id().value());
		}
	}

	/** A task with the least of its case: what a social worker, psychologist or aid officer sees. */
	record WorkerTaskView(TaskView task, String caseId, String caseNumber, WorkerChild child, String contactChannel) {

		static WorkerTaskView of(WorkerTask w, boolean english) {
			return new WorkerTaskView(TaskView.of(w.task(), english), w.task().caseId().value(), w.caseNumber(),
					new WorkerChild(w.childGivenName(), w.childAgeBand()), w.contactChannel());
		}
	}

	record WorkerChild(String givenName, String ageBand) {
	}

	/** A case as one of its task workers sees it: their tasks on it, nothing else. */
	record WorkerCaseView(String id, String number, WorkerChild child, String contactChannel,
			List<TaskView> tasks) {
	}

	record CaseListView(List<SummaryView> items, String nextCursor, String next) {
	}

	record SummaryView(String id, String number, String status, String urgency, boolean immediateDanger,
			Set<Situation> situations, String lead, List<String> activeTracks, int pendingTasks, int overdueTasks,
			Instant openedAt, Instant updatedAt, String link) {

		static SummaryView of(CaseSummary s) {
			return new SummaryView(s.id().value(), s.number(), Parse.lower(s.status()), s.urgency().code(),
					s.urgency() == Urgency.IMMEDIATE_DANGER, s.situations(), s.lead() == null ? null : s.lead().value(),
					s.activeTracks().stream().map(t -> t.code()).toList(), s.pendingTasks(), s.overdueTasks(),
					s.openedAt(), s.updatedAt(), "/api/cases/" + s.id().value());
		}
	}

	static CaseListView list(CasePage page, String nextLink) {
		return new CaseListView(page.items().stream().map(SummaryView::of).toList(), page.nextCursor(), nextLink);
	}

	record TimelineView(String caseId, List<EntryView> entries) {
	}

	record EntryView(Instant at, String actor, String type, String text, String track, String task,
			Map<String, String> data) {

		static EntryView of(TimelineEntry e, boolean english) {
			return new EntryView(e.at(), e.actor(), e.type(), TimelineTexts.text(e, english),
					e.track() == null ? null : e.track().code(), e.task() == null ? null : e.task().value(), e.data());
		}
	}
}
