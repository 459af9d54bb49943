package io.shouhu.casework;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static io.shouhu.casework.TwoDistricts.AID_OFFICER;
import static io.shouhu.casework.TwoDistricts.HOSPITAL_01;
import static io.shouhu.casework.TwoDistricts.HOSPITAL_02;
import static io.shouhu.casework.TwoDistricts.INTAKE;
import static io.shouhu.casework.TwoDistricts.LONGWAN;
import static io.shouhu.casework.TwoDistricts.OUHAI;
import static io.shouhu.casework.TwoDistricts.PROSECUTOR;
import static io.shouhu.casework.TwoDistricts.PROSECUTOR_2;
import static io.shouhu.casework.TwoDistricts.PROSECUTOR_B;
import static io.shouhu.casework.TwoDistricts.PSYCHOLOGIST;
import static io.shouhu.casework.TwoDistricts.SOCIAL_WORKER;
import static io.shouhu.casework.TwoDistricts.SOCIAL_WORKER_2;
import static io.shouhu.casework.TwoDistricts.SOCIAL_WORKER_B;
import static io.shouhu.casework.TwoDistricts.SUPERVISOR;
import static io.shouhu.casework.TwoDistricts.SUPERVISOR_B;
import static io.shouhu.casework.TwoDistricts.aBoyOf9;
import static io.shouhu.casework.TwoDistricts.aChild;
import static io.shouhu.casework.TwoDistricts.aGirlOf13;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Working cases against a real store: who may read and change what, feedback to the hospitals,
 * the case list, the workers' task lists, per-task If-Match, and transfers between jurisdictions.
 */
class CaseManagementTests {

	final TwoDistricts districts = districts();

	final CaseManagement cases = districts.management;

	/** The districts the tests run on; the case list queried from the store. */
	TwoDistricts districts() {
		return new TwoDistricts();
	}

	@AfterEach
	void closeStore() {
		districts.close();
	}

	CaseId anUrgentS2CaseOfAGirlOf13() {
		return districts.accepted(districts.reported(aGirlOf13(), Situation.S2));
	}

	long version(CaseId id) {
		return districts.version(id);
	}

	static void assertBreaks(CaseRule rule, Runnable change) {
		assertThatThrownBy(change::run).isInstanceOfSatisfying(CaseRuleViolated.class,
				violated -> assertThat(violated.rule()).isEqualTo(rule));
	}

	// Feedback to the reporting hospitals

	@Nested
	class Feedback {

		@Test
		void aMilestoneShowsEverySourceReportInProgressAndClosureShowsThemCompleted() {
			ReportId first = districts.reported(HOSPITAL_01, aGirlOf13(), Urgency.URGENT, Situation.S2);
			CaseId open = districts.accepted(first);
			ReportId second = districts.reported(HOSPITAL_02, aGirlOf13(), Urgency.URGENT, Situation.S4);
			districts.decisions.merge(INTAKE, second, districts.report(second).version(), open);
			assertThat(List.of(first, second)).extracting(districts::hospitalSees)
				.containsOnly(ReportStatus.ACCEPTED);
			districts.clock.advance(Duration.ofHours(3));

			cases.recordMilestone(PROSECUTOR, open, version(open), Milestone.REFERRED_TO_POLICE, null);

			assertThat(List.of(first, second)).extracting(districts::hospitalView)
				.extracting(ReportStatusView::status, ReportStatusView::lastUpdated)
				.containsOnly(tuple(ReportStatus.IN_PROGRESS, districts.clock.instant()));
			assertThat(districts.kase(open).feedbackPending).isFalse();

			districts.finishEveryTrack(open);
			cases.requestClosure(PROSECUTOR, open, version(open));
			assertThat(List.of(first, second)).extracting(districts::hospitalSees)
				.as("asking to close is not closing")
				.containsOnly(ReportStatus.IN_PROGRESS);
			cases.approveClosure(SUPERVISOR, open, version(open));

			assertThat(List.of(first, second)).extracting(districts::hospitalSees)
				.containsOnly(ReportStatus.COMPLETED);
			assertThat(districts.kase(open).feedbackPending).isFalse();
		}

		@Test
		void aCompletedTaskShowsTheReportInProgressAnAcknowledgedOneDoesNot() {
			ReportId report = districts.reported(aGirlOf13(), Situation.S2);
			CaseId open = districts.accepted(report);
			TaskDetails guardian = districts.task(open, "assess-guardian");

			TaskDetails acknowledged = cases.acknowledgeTask(SOCIAL_WORKER, guardian.id(), guardian.revision());
			assertThat(districts.hospitalSees(report)).isEqualTo(ReportStatus.ACCEPTED);
			cases.completeTask(SOCIAL_WORKER, guardian.id(), acknowledged.revision(), "监护人愿意配合亲职教育");

			assertThat(districts.hospitalSees(report)).isEqualTo(ReportStatus.IN_PROGRESS);
		}

		@Test
		void aCaseClosedWithoutAnyWorkStillShowsTheHospitalsCompleted() {
			ReportId report = districts.reported(aGirlOf13(), Situation.S9);
			CaseId open = districts.accepted(report);

			districts.closed(open);

			assertThat(districts.hospitalSees(report)).isEqualTo(ReportStatus.COMPLETED);
		}
	}

	// Who may read and change a case

	@Nested
	class Permissions {

		@Test
		void aCaseOfAnotherJurisdictionIsNotFoundWhateverTheRole() {
			CaseId open = anUrgentS2CaseOfAGirlOf13();
			long version = version(open);

			assertThatThrownBy(() -> cases.file(PROSECUTOR_B, open)).isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> cases.file(PROSECUTOR_B, districts.details(open))).as("the file of a change")
				.isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> cases.timeline(SUPERVISOR_B, open)).isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> cases.file(SUPERVISOR_B, open)).isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> cases.recordMilestone(SUPERVISOR_B, open, version, Milestone.REFERRED_TO_POLICE,
					null)).isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> cases.comment(PROSECUTOR_B, open, null, "看看")).isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> cases.file(PROSECUTOR, new CaseId("c-none"))).isInstanceOf(NotFound.class);
			assertThat(districts.version(open)).isEqualTo(version);
		}

		@Test
		void workersSeeTheirTasksNotTheCaseAndNotEvenThatACaseWithoutTheirTasksExists() {
			CaseId open = anUrgentS2CaseOfAGirlOf13();
			CaseId missingChild = districts.accepted(districts.reported(aBoyOf9(), Situation.S7)); // no social work

			assertThatThrownBy(() -> cases.file(SOCIAL_WORKER, open)).isInstanceOf(NotPermitted.class);
			assertThatThrownBy(() -> cases.file(PSYCHOLOGIST, open)).isInstanceOf(NotPermitted.class);
			assertThatThrownBy(() -> cases.file(SOCIAL_WORKER, missingChild)).isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> cases.recordMilestone(SOCIAL_WORKER, missingChild, version(missingChild),
					Milestone.REFERRED_TO_POLICE, null)).isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> cases.file(SOCIAL_WORKER_B, open)).as("another jurisdiction")
				.isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> cases.list(AID_OFFICER, new CaseQuery(null, null, null, null, null, null, null, 10)))
				.isInstanceOf(NotPermitted.class);
			assertThat(cases.file(PROSECUTOR, open).child().givenName()).isEqualTo("小红");
		}

		@Test
		void onlyProsecutorsAndSupervisorsChangeACase() {
			CaseId open = anUrgentS2CaseOfAGirlOf13();
			long version = version(open);

			assertThatThrownBy(() -> cases.recordMilestone(SOCIAL_WORKER, open, version, Milestone.REFERRED_TO_POLICE,
					null)).isInstanceOf(NotPermitted.class);
			assertThatThrownBy(() -> cases.trackNotNeeded(INTAKE, open, version, TrackType.LEGAL_AID, "不需要"))
				.isInstanceOf(NotPermitted.class);
			assertThatThrownBy(() -> cases.assignLead(PROSECUTOR, open, version, PROSECUTOR_2.user()))
				.isInstanceOf(NotPermitted.class);
			assertThatThrownBy(() -> cases.approveClosure(PROSECUTOR, open, version)).isInstanceOf(NotPermitted.class);
			assertThat(districts.version(open)).isEqualTo(version);
		}

		@Test
		void onlyTheLeadOrTheSupervisorAsksToClose() {
			CaseId open = anUrgentS2CaseOfAGirlOf13();
			districts.finishEveryTrack(open);

			assertThatThrownBy(() -> cases.requestClosure(PROSECUTOR_2, open, version(open)))
				.isInstanceOf(NotPermitted.class);
			assertThat(cases.requestClosure(SUPERVISOR, open, version(open)).status()).isEqualTo(CaseStatus.CLOSING);
		}

		@Test
		void aChangeOnAStaleVersionIsRefusedAndChangesNothing() {
			CaseId open = anUrgentS2CaseOfAGirlOf13();
			long seen = version(open);
			CaseDetails changed = cases.setContactChannel(PROSECUTOR, open, seen, "社区网格员 张老师");
			assertThat(changed.version()).isEqualTo(seen + 1);

			assertThatThrownBy(() -> cases.recordMilestone(PROSECUTOR_2, open, seen, Milestone.REFERRED_TO_POLICE,
					null)).isInstanceOf(StaleVersion.class);
			assertThat(districts.details(open).tracks()).flatExtracting(TrackDetails::milestones).isEmpty();
		}

		@Test
		void badInputIsAnInvalidCommand() {
			CaseId open = anUrgentS2CaseOfAGirlOf13();
			long version = version(open);
			TaskId referral = districts.task(open, "refer-to-police").id();

			assertThatThrownBy(() -> cases.trackNotNeeded(PROSECUTOR, open, version, TrackType.LEGAL_AID, " "))
				.isInstanceOf(InvalidCommand.class);
			assertThatThrownBy(() -> cases.createTask(PROSECUTOR, open, version, TrackType.CRIMINAL, "调取病历", null,
					null, null)).as("nobody named").isInstanceOf(InvalidCommand.class);
			assertThatThrownBy(() -> cases.createTask(PROSECUTOR, open, version, TrackType.CRIMINAL, "调取病历",
					PROSECUTOR.user(), Role.PROSECUTOR, null)).as("both named").isInstanceOf(InvalidCommand.class);
			assertThatThrownBy(() -> cases.createTask(PROSECUTOR, open, version, TrackType.CRIMINAL, "调取病历", null,
					Role.INTAKE, null)).isInstanceOf(InvalidCommand.class);
			assertThatThrownBy(() -> cases.createTask(PROSECUTOR, open, version, TrackType.CRIMINAL, "调取病历",
					PROSECUTOR.user(), null, districts.clock.instant().minusSeconds(1)))
				.as("due in the past")
				.isInstanceOf(InvalidCommand.class);
			assertThatThrownBy(() -> cases.completeTask(PROSECUTOR, referral, 0, "")).isInstanceOf(InvalidCommand.class);
			assertThatThrownBy(() -> cases.list(PROSECUTOR, new CaseQuery(null, null, null, null, null, null,
					"not-a-cursor", 10))).isInstanceOf(InvalidCommand.class);
			assertThat(districts.version(open)).isEqualTo(version);
		}

		@Test
		void leadsAndAssigneesAreStaffOfTheCasesJurisdiction() {
			CaseId open = districts.acceptedWithoutLead(districts.reported(aGirlOf13(), Situation.S2));
			TaskId guardian = districts.task(open, "assess-guardian").id();

			assertBreaks(CaseRule.LEAD_NOT_A_PROSECUTOR,
					() -> cases.assignLead(SUPERVISOR, open, version(open), SOCIAL_WORKER.user()));
			assertBreaks(CaseRule.LEAD_NOT_A_PROSECUTOR,
					() -> cases.assignLead(SUPERVISOR, open, version(open), PROSECUTOR_B.user()));
			assertBreaks(CaseRule.ASSIGNEE_NOT_IN_JURISDICTION,
					() -> cases.reassignTask(PROSECUTOR, guardian, 0, SOCIAL_WORKER_B.user(), null));
			assertBreaks(CaseRule.ASSIGNEE_NOT_IN_JURISDICTION, () -> cases.startTrack(PROSECUTOR, open, version(open),
					TrackType.CIVIL_SUPPORT, PROSECUTOR_B.user()));

			CaseDetails led = cases.assignLead(SUPERVISOR, open, version(open), PROSECUTOR_2.user());

			assertThat(led.lead()).isEqualTo(PROSECUTOR_2.user());
			assertThat(led.tasks()).filteredOn(t -> t.kind().equals("refer-to-police"))
				.extracting(TaskDetails::assignee)
				.containsExactly(PROSECUTOR_2.user());
		}
	}

	// The case list

	@Nested
	class CaseList {

		static CaseQuery all() {
			return new CaseQuery(null, null, null, null, null, null, null, 100);
		}

		List<CaseId> listed(CaseQuery query) {
			return cases.list(PROSECUTOR, query).items().stream().map(CaseSummary::id).toList();
		}

		@Test
		void theListFiltersByStatusTrackUrgencyAssigneeOverdueAndLastChange() {
			Instant opening = districts.clock.instant();
			CaseId girl = anUrgentS2CaseOfAGirlOf13(); // criminal, psychological, legal and judicial aid, parenting
			districts.clock.advance(Duration.ofMinutes(1));
			ReportId boyReport = districts.reported(aBoyOf9(), Urgency.ROUTINE, Situation.S6);
			CaseId boy = districts.decisions.accept(INTAKE, boyReport, districts.report(boyReport).version(),
					PROSECUTOR_2.user()); // parenting, civil support, criminal
			districts.clock.advance(Duration.ofMinutes(1));
			CaseId inDanger = districts.acceptedWithoutLead(districts.reported(
					aChild("周", "小军", LocalDate.of(2011, 8, 8), Sex.MALE, null), Urgency.IMMEDIATE_DANGER,
					Situation.S5)); // crisis assessment due in 4 hours
			districts.clock.advance(Duration.ofMinutes(1));
			CaseId closed = districts.accepted(districts.reported(
					aChild("吴", "小丽", LocalDate.of(2012, 2, 2), Sex.FEMALE, null), Situation.S9));
			districts.closed(closed);
			districts.anOuhaiCaseFor(aChild("郑", "小强", LocalDate.of(2014, 4, 4), Sex.MALE, null), Situation.S4);

			assertThat(listed(all())).as("newest change first, own jurisdiction only")
				.containsExactly(closed, inDanger, boy, girl);
			assertThat(listed(new CaseQuery(CaseStatus.OPEN, null, null, null, null, null, null, 100)))
				.containsExactly(inDanger, boy, girl);
			assertThat(listed(new CaseQuery(CaseStatus.CLOSED, null, null, null, null, null, null, 100)))
				.containsExactly(closed);
			assertThat(listed(new CaseQuery(null, TrackType.CIVIL_SUPPORT, null, null, null, null, null, 100)))
				.containsExactly(boy);
			assertThat(listed(new CaseQuery(null, TrackType.LEGAL_AID, null, null, null, null, null, 100)))
				.as("active tracks only, not the closed case's finished one")
				.containsExactly(girl);
			assertThat(listed(new CaseQuery(null, null, Urgency.IMMEDIATE_DANGER, null, null, null, null, 100)))
				.containsExactly(inDanger);
			assertThat(listed(new CaseQuery(null, null, null, PROSECUTOR_2.user(), null, null, null, 100)))
				.as("led by")
				.containsExactly(boy);

			TaskDetails assessment = districts.task(girl, "first-assessment");
			assertThat(listed(new CaseQuery(null, null, null, PSYCHOLOGIST.user(), null, null, null, 100)))
				.as("a team task is nobody's yet")
				.isEmpty();
			cases.acknowledgeTask(PSYCHOLOGIST, assessment.id(), assessment.revision());
			assertThat(listed(new CaseQuery(null, null, null, PSYCHOLOGIST.user(), null, null, null, 100)))
				.as("with a pending task of theirs")
				.containsExactly(girl);

			districts.clock.set(opening.plus(Duration.ofHours(5)));
			assertThat(listed(new CaseQuery(null, null, null, null, true, null, null, 100))).containsExactly(inDanger);
			districts.clock.set(opening.plus(Duration.ofHours(25)));
			assertThat(listed(new CaseQuery(null, null, null, null, true, null, null, 100)))
				.containsExactly(girl, inDanger);
			assertThat(cases.list(PROSECUTOR, new CaseQuery(null, null, null, null, true, null, null, 100)).items())
				.filteredOn(c -> c.id().equals(girl))
				.singleElement()
				.satisfies(c -> {
					assertThat(c.overdueTasks()).isEqualTo(1);
					assertThat(c.pendingTasks()).isEqualTo(5);
					assertThat(c.number()).isEqualTo("LW-2026-000001");
				});

			Instant since = districts.clock.instant();
			cases.recordMilestone(PROSECUTOR_2, boy, version(boy), Milestone.SUPPORT_DECIDED, null);
			assertThat(listed(new CaseQuery(null, null, null, null, null, since, null, 100))).containsExactly(boy);
			assertThat(listed(all())).first().isEqualTo(boy);
		}

		@Test
		void pagesReturnEveryCaseOnceEvenWhenTheyChangedAtTheSameMoment() {
			List<CaseId> opened = new ArrayList<>();
			for (int i = 0; i < 25; i++) {
				Child child = aChild("林", "孩子" + i, LocalDate.of(2012, 1, 1).plusDays(i), Sex.FEMALE, null);
				opened.add(districts.accepted(districts.reported(child, Situation.S9)));
			}
			districts.anOuhaiCaseFor(aBoyOf9(), Situation.S9);

			List<CaseId> seen = new ArrayList<>();
			List<Integer> sizes = new ArrayList<>();
			String cursor = null;
			do {
				CasePage page = cases.list(SUPERVISOR, new CaseQuery(null, null, null, null, null, null, cursor, 10));
				page.items().forEach(c -> seen.add(c.id()));
				sizes.add(page.items().size());
				cursor = page.nextCursor();
			}
			while (cursor != null && sizes.size() < 10);

			assertThat(sizes).containsExactly(10, 10, 5);
			assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(opened);
		}

		@Test
		void aPageOfExactlyTheRemainingCasesIsTheLast() {
			for (int i = 0; i < 4; i++) {
				districts.clock.advance(Duration.ofSeconds(1));
				districts.accepted(districts.reported(
						aChild("林", "孩子" + i, LocalDate.of(2012, 1, 1).plusDays(i), Sex.FEMALE, null), Situation.S9));
			}

			CasePage first = cases.list(SUPERVISOR, new CaseQuery(null, null, null, null, null, null, null, 2));
			CasePage second = cases.list(SUPERVISOR, new CaseQuery(null, null, null, null, null, null,
					first.nextCursor(), 2));

			assertThat(first.items()).hasSize(2);
			assertThat(second.items()).hasSize(2);
			assertThat(second.nextCursor()).isNull();
		}
	}

	// The workers' tasks

	@Nested
	class Attachments {

		@Test
		void thePhotosOfEveryReportAreListedWithTheCaseForItsProsecutorsOnly() {
			ReportId first = districts.reported(aGirlOf13(), Situation.S2);
			CaseId open = districts.accepted(first);
			byte[] photo = { 1, 2, 3, 4 };
			ReportId second = districts.intake.submit(new SubmitReport(TwoDistricts.HOSPITAL_01,
					new WorkstationId("ws-001"), new IntakeKey("urn:example:his", "with-photo"), "digest-photo",
					aGirlOf13(), new Reporter("李医生", "urn:example:staff", "D-1"), java.util.EnumSet.of(Situation.S2),
					Urgency.URGENT, TwoDistricts.ENCOUNTER, "复诊", null,
					List.of(new AttachmentContent("image/jpeg", "会阴部损伤", photo))))
				.report();
			districts.decisions.merge(INTAKE, second, districts.report(second).version(), open);

			List<CaseAttachment> listed = cases.file(PROSECUTOR, open).attachments();

			assertThat(listed).singleElement().satisfies(a -> {
				assertThat(a.report()).isEqualTo(second);
				assertThat(a.info().contentType()).isEqualTo("image/jpeg");
				assertThat(a.info().size()).isEqualTo(4);
			});
			AttachmentId id = listed.get(0).info().id();
			assertThat(cases.attachment(PROSECUTOR, open, id).data()).containsExactly(photo);
			assertThatThrownBy(() -> cases.file(PROSECUTOR_B, open)).isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> cases.attachment(PROSECUTOR_B, open, id)).isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> cases.file(SOCIAL_WORKER, open)).isInstanceOf(NotPermitted.class);
			CaseId other = districts.accepted(districts.reported(aBoyOf9(), Situation.S4));
			assertThatThrownBy(() -> cases.attachment(PROSECUTOR, other, id)).as("not one of that case's reports")
				.isInstanceOf(NotFound.class);
		}
	}

	@Nested
	class WorkersTasks {

		@Test
		void aSocialWorkerSeesTheTeamTasksOfTheirJurisdictionWithTheLeastOfTheChildAndNeverTheCriminalTrack() {
			CaseId open = anUrgentS2CaseOfAGirlOf13();
			cases.setContactChannel(PROSECUTOR, open, version(open), "社区网格员 张老师 138-0000-0000");
			TaskId referral = districts.task(open, "refer-to-police").id();
			cases.reassignTask(PROSECUTOR, referral, 0, null, Role.SOCIAL_WORKER);
			cases.createTask(PROSECUTOR, open, version(open), TrackType.CRIMINAL, "陪同询问", SOCIAL_WORKER.user(), null,
					null);
			districts.anOuhaiCaseFor(aBoyOf9(), Situation.S6);

			List<WorkerTask> mine = cases.tasksOf(SOCIAL_WORKER, false);

			assertThat(mine).singleElement().satisfies(t -> {
				assertThat(t.task().kind()).isEqualTo("assess-guardian");
				assertThat(t.task().track()).isEqualTo(TrackType.PARENTING_GUIDANCE);
				assertThat(t.caseNumber()).isEqualTo("LW-2026-000001");
				assertThat(t.childGivenName()).isEqualTo("小红");
				assertThat(t.childAgeBand()).isEqualTo("12-13");
				assertThat(t.contactChannel()).isEqualTo("社区网格员 张老师 138-0000-0000");
			});
			assertThat(mine.toString()).doesNotContain("王").doesNotContain("2013-03-01").doesNotContain("330303");
			assertThatThrownBy(() -> cases.task(SOCIAL_WORKER, referral)).isInstanceOf(NotFound.class);
			assertThat(cases.tasksOf(SOCIAL_WORKER_B, false)).singleElement()
				.satisfies(t -> assertThat(t.caseNumber()).isEqualTo("OU-2026-000001"));
		}

		@Test
		void aTeamTaskTakenUpByOneWorkerLeavesTheOthersLists() {
			CaseId open = anUrgentS2CaseOfAGirlOf13();
			TaskDetails guardian = districts.task(open, "assess-guardian");
			assertThat(cases.tasksOf(SOCIAL_WORKER, false)).hasSize(1);

			cases.acknowledgeTask(SOCIAL_WORKER_2, guardian.id(), guardian.revision());

			assertThat(cases.tasksOf(SOCIAL_WORKER, false)).isEmpty();
			assertThat(cases.tasksOf(SOCIAL_WORKER_2, false)).extracting(t -> t.task().assignee())
				.containsExactly(SOCIAL_WORKER_2.user());
			assertThatThrownBy(() -> cases.acknowledgeTask(SOCIAL_WORKER, guardian.id(), 1))
				.isInstanceOf(NotFound.class);
		}

		@Test
		void finishedTasksAreListedOnlyWhenAskedAndSoonestDueComesFirst() {
			CaseId first = anUrgentS2CaseOfAGirlOf13();
			districts.clock.advance(Duration.ofMinutes(1));
			CaseId second = districts.accepted(districts.reported(aBoyOf9(), Urgency.IMMEDIATE_DANGER, Situation.S5));
			TaskDetails crisis = districts.task(second, "crisis-assessment");

			assertThat(cases.tasksOf(PSYCHOLOGIST, false)).extracting(t -> t.task().id())
				.containsExactly(crisis.id(), districts.task(first, "first-assessment").id());

			cases.completeTask(PSYCHOLOGIST, crisis.id(), crisis.revision(), "无自伤风险");

			assertThat(cases.tasksOf(PSYCHOLOGIST, false)).extracting(t -> t.task().kind())
				.containsExactly("first-assessment");
			assertThat(cases.tasksOf(PSYCHOLOGIST, true)).extracting(t -> t.task().kind(), t -> t.task().status())
				.containsExactlyInAnyOrder(tuple("first-assessment", TaskStatus.OPEN),
						tuple("crisis-assessment", TaskStatus.DONE));
		}

		@Test
		void aTaskIsNotFoundForWorkersOfAnotherJurisdictionOrAnotherTeam() {
			CaseId open = anUrgentS2CaseOfAGirlOf13();
			TaskId guardian = districts.task(open, "assess-guardian").id();

			assertThatThrownBy(() -> cases.task(SOCIAL_WORKER_B, guardian)).isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> cases.task(PROSECUTOR_B, guardian)).isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> cases.task(PSYCHOLOGIST, guardian)).isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> cases.acknowledgeTask(SOCIAL_WORKER_B, guardian, 0)).isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> cases.task(SOCIAL_WORKER, TaskId.of(open, 99))).isInstanceOf(NotFound.class);

			assertThat(cases.task(SOCIAL_WORKER, guardian).childGivenName()).isEqualTo("小红");
			assertThat(cases.task(PROSECUTOR, guardian).task().id()).isEqualTo(guardian);
		}

		@Test
		void onlyTheCasesProsecutorsCancelOrReassignATask() {
			CaseId open = anUrgentS2CaseOfAGirlOf13();
			TaskId guardian = districts.task(open, "assess-guardian").id();

			assertThatThrownBy(() -> cases.cancelTask(SOCIAL_WORKER, guardian, 0, "不想做"))
				.isInstanceOf(NotPermitted.class);
			assertThatThrownBy(() -> cases.reassignTask(SOCIAL_WORKER, guardian, 0, SOCIAL_WORKER_2.user(), null))
				.isInstanceOf(NotPermitted.class);
			assertThat(cases.cancelTask(PROSECUTOR, guardian, 0, "由妇联跟进").status()).isEqualTo(TaskStatus.CANCELLED);
		}

		@Test
		void aWorkerCommentsOnTheirOwnTaskOnly() {
			CaseId open = anUrgentS2CaseOfAGirlOf13();
			TaskId guardian = districts.task(open, "assess-guardian").id();
			TaskId assessment = districts.task(open, "first-assessment").id();

			cases.comment(SOCIAL_WORKER, open, guardian, "已联系家长");

			assertThatThrownBy(() -> cases.comment(SOCIAL_WORKER, open, assessment, "顺便看看"))
				.isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> cases.comment(SOCIAL_WORKER, open, null, "案件评论"))
				.isInstanceOf(NotPermitted.class);
			assertThatThrownBy(() -> cases.comment(SOCIAL_WORKER_B, open, guardian, "跨区评论"))
				.isInstanceOf(NotFound.class);
			assertThat(cases.timeline(PROSECUTOR, open)).filteredOn(e -> e.type().equals("comment"))
				.extracting(TimelineEntry::actor, TimelineEntry::task)
				.containsExactly(tuple("social-worker", guardian));
		}
	}

	// If-Match on tasks

	@Nested
	class TaskRevisions {

		@Test
		void twoTasksOfOneCaseChangeWithTheirOwnRevisions() {
			CaseId open = anUrgentS2CaseOfAGirlOf13();
			TaskDetails assessment = districts.task(open, "first-assessment");
			TaskDetails screening = districts.task(open, "eligibility-screening");
			long caseVersion = version(open);

			TaskDetails acknowledged = cases.acknowledgeTask(PSYCHOLOGIST, assessment.id(), assessment.revision());
			TaskDetails alsoAcknowledged = cases.acknowledgeTask(AID_OFFICER, screening.id(), screening.revision());

			assertThat(acknowledged.revision()).isEqualTo(1);
			assertThat(alsoAcknowledged.revision()).isEqualTo(1);
			assertThat(version(open)).isEqualTo(caseVersion + 2);
		}

		@Test
		void aStaleRevisionIsRefused() {
			CaseId open = anUrgentS2CaseOfAGirlOf13();
			TaskDetails assessment = districts.task(open, "first-assessment");
			cases.acknowledgeTask(PSYCHOLOGIST, assessment.id(), assessment.revision());

			assertThatThrownBy(() -> cases.completeTask(PSYCHOLOGIST, assessment.id(), assessment.revision(), "完成"))
				.isInstanceOf(StaleVersion.class);
			assertThatThrownBy(() -> cases.reassignTask(PROSECUTOR, assessment.id(), 7, null, Role.PSYCHOLOGIST))
				.isInstanceOf(StaleVersion.class);
			assertThat(districts.task(open, "first-assessment").status()).isEqualTo(TaskStatus.ACKNOWLEDGED);
		}

		@Test
		void workersOnDifferentTasksOfOneCaseAtTheSameMomentAllSucceed() throws Exception {
			CaseId open = anUrgentS2CaseOfAGirlOf13();
			List<Object[]> work = List.of(new Object[] { PSYCHOLOGIST, districts.task(open, "first-assessment") },
					new Object[] { AID_OFFICER, districts.task(open, "eligibility-screening") },
					new Object[] { SOCIAL_WORKER, districts.task(open, "assess-guardian") },
					new Object[] { AID_OFFICER, districts.task(open, "legal-aid-application") });
			long caseVersion = version(open);
			ExecutorService pool = Executors.newFixedThreadPool(work.size());
			CountDownLatch go = new CountDownLatch(1);
			try {
				List<Callable<TaskDetails>> calls = new ArrayList<>();
				for (Object[] w : work) {
					calls.add(() -> {
						go.await();
						TaskDetails task = (TaskDetails) w[1];
						return cases.acknowledgeTask((Actor) w[0], task.id(), task.revision());
					});
				}
				List<Future<TaskDetails>> futures = new ArrayList<>();
				calls.forEach(c -> futures.add(pool.submit(c)));
				go.countDown();
				for (Future<TaskDetails> f : futures) {
					assertThat(f.get().status()).isEqualTo(TaskStatus.ACKNOWLEDGED);
				}
			}
			finally {
				pool.shutdownNow();
			}

			assertThat(districts.details(open).tasks()).filteredOn(t -> t.status() == TaskStatus.ACKNOWLEDGED)
				.hasSize(4)
				.allSatisfy(t -> assertThat(t.revision()).isEqualTo(1));
			assertThat(version(open)).isEqualTo(caseVersion + 4);
			assertThat(districts.kase(open).timeline).filteredOn(e -> e.type().equals("task-acknowledged")).hasSize(4);
		}
	}

	// Transfers between jurisdictions

	@Nested
	class Transfers {

		@Test
		void theReceivingSupervisorAcceptsAndTheCaseCarriesOnThereWithItsWorkForTheirTeams() {
			ReportId report = districts.reported(aGirlOf13(), Situation.S2);
			CaseId open = districts.accepted(report);
			cases.recordMilestone(PROSECUTOR, open, version(open), Milestone.REFERRED_TO_POLICE, null);
			cases.requestTransfer(PROSECUTOR, open, version(open), OUHAI, "儿童随父母迁居瓯海");

			assertThat(cases.transfersOffered(SUPERVISOR_B)).singleElement()
				.satisfies(offer -> assertThat(offer.kase().id()).isEqualTo(open))
				.satisfies(offer -> assertThat(offer.from()).isEqualTo(LONGWAN))
				.satisfies(offer -> assertThat(offer.reason()).isEqualTo("儿童随父母迁居瓯海"));
			assertThatThrownBy(() -> cases.file(SUPERVISOR_B, open)).as("the offer, not the case file")
				.isInstanceOf(NotFound.class);
			assertThat(cases.file(PROSECUTOR, open).details().transferRequestedTo()).isEqualTo(OUHAI);
			assertThatThrownBy(() -> cases.file(PROSECUTOR_B, open)).isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> cases.acceptTransfer(PROSECUTOR_B, open, version(open)))
				.isInstanceOf(NotPermitted.class);
			assertThatThrownBy(() -> cases.acceptTransfer(SUPERVISOR, open, version(open))).as("not offered to longwan")
				.isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> cases.acceptTransfer(SUPERVISOR_B, open, version(open) - 1))
				.isInstanceOf(StaleVersion.class);

			CaseDetails successor = cases.acceptTransfer(SUPERVISOR_B, open, version(open));

			assertThat(successor).extracting(CaseDetails::number, CaseDetails::jurisdiction, CaseDetails::status,
					CaseDetails::transferredFrom, CaseDetails::childReport)
				.containsExactly("OU-2026-000001", OUHAI, CaseStatus.OPEN, open, report);
			assertThat(cases.file(PROSECUTOR, open).details()).as("read-only where it was worked")
				.extracting(CaseDetails::status, CaseDetails::transferredTo)
				.containsExactly(CaseStatus.TRANSFERRED, successor.id());
			assertThatThrownBy(() -> cases.recordMilestone(PROSECUTOR, open, version(open), Milestone.POLICE_ACCEPTED,
					null)).isInstanceOfSatisfying(CaseRuleViolated.class,
							v -> assertThat(v.rule()).isEqualTo(CaseRule.CASE_NOT_OPEN));
			assertThat(cases.file(PROSECUTOR_B, successor.id()).details().tracks()).filteredOn(t -> t.type() == TrackType.CRIMINAL)
				.flatExtracting(TrackDetails::milestones)
				.extracting(MilestoneRecord::milestone)
				.containsExactly(Milestone.REFERRED_TO_POLICE);
			assertThat(cases.tasksOf(SOCIAL_WORKER, false)).isEmpty();
			assertThat(cases.tasksOf(SOCIAL_WORKER_B, false)).singleElement().satisfies(t -> {
				assertThat(t.caseNumber()).isEqualTo("OU-2026-000001");
				assertThat(t.childGivenName()).isEqualTo("小红");
			});
			assertThat(cases.transfersOffered(SUPERVISOR_B)).isEmpty();
			assertThat(cases.file(SUPERVISOR_B, successor.id()).child().givenName()).isEqualTo("小红");

			cases.recordMilestone(PROSECUTOR_B, successor.id(), successor.version(), Milestone.POLICE_ACCEPTED, null);
			assertThat(districts.hospitalSees(report)).as("the hospital still hears how its report goes")
				.isEqualTo(ReportStatus.IN_PROGRESS);
		}

		@Test
		void aDeclinedTransferLeavesTheCaseWhereItWas() {
			CaseId open = anUrgentS2CaseOfAGirlOf13();
			cases.requestTransfer(PROSECUTOR, open, version(open), OUHAI, "迁居");

			CaseDetails declined = cases.declineTransfer(SUPERVISOR_B, open, version(open), "户籍仍在龙湾");

			assertThat(declined.transferRequestedTo()).isNull();
			assertThat(cases.transfersOffered(SUPERVISOR_B)).isEmpty();
			assertThatThrownBy(() -> cases.file(SUPERVISOR_B, open)).isInstanceOf(NotFound.class);
			assertThat(cases.file(PROSECUTOR, open).details().status()).isEqualTo(CaseStatus.OPEN);
		}

		@Test
		void aTransferGoesToAJurisdictionThatExists() {
			CaseId open = anUrgentS2CaseOfAGirlOf13();

			assertBreaks(CaseRule.TRANSFER_NOT_POSSIBLE, () -> cases.requestTransfer(PROSECUTOR, open, version(open),
					new JurisdictionId("atlantis"), "迁居"));
			assertBreaks(CaseRule.TRANSFER_NOT_POSSIBLE,
					() -> cases.requestTransfer(PROSECUTOR, open, version(open), LONGWAN, "迁居"));
		}

		@Test
		void aCaseClosedWhileATransferWaitsIsNoLongerOfferedOrReadableElsewhere() {
			CaseId open = anUrgentS2CaseOfAGirlOf13();
			cases.requestTransfer(PROSECUTOR, open, version(open), OUHAI, "迁居");
			districts.finishEveryTrack(open);

			boolean closed;
			try {
				cases.requestClosure(PROSECUTOR, open, version(open));
				cases.approveClosure(SUPERVISOR, open, version(open));
				closed = true;
			}
			catch (CaseRuleViolated refusedWhileTransferWaits) {
				closed = false; // also a fix: no closing while another jurisdiction is asked to take the case
			}

			if (closed) {
				assertThat(cases.transfersOffered(SUPERVISOR_B)).isEmpty();
				assertThatThrownBy(() -> cases.file(SUPERVISOR_B, open)).isInstanceOf(NotFound.class);
				assertThatThrownBy(() -> cases.file(SUPERVISOR_B, open)).isInstanceOf(NotFound.class);
			}
			else {
				assertThat(districts.details(open).status()).isEqualTo(CaseStatus.OPEN);
			}
		}

		@Test
		void anAcceptedTransferRetriedAfterAConcurrentChangeOpensOneSuccessor() {
			CaseId open = anUrgentS2CaseOfAGirlOf13();
			cases.requestTransfer(PROSECUTOR, open, version(open), OUHAI, "迁居");
			CasesChangedMeanwhile changedMeanwhile = new CasesChangedMeanwhile(districts.store.mongo);
			CaseManagement ouhai = districts.managementOver(changedMeanwhile);
			changedMeanwhile.meanwhile = () -> cases.comment(PROSECUTOR, open, null, "移送前补充：家长电话已变更");

			assertThatThrownBy(() -> ouhai.acceptTransfer(SUPERVISOR_B, open, version(open)))
				.isInstanceOf(StaleVersion.class);
			CaseDetails successor = ouhai.acceptTransfer(SUPERVISOR_B, open, version(open));

			List<Case> inOuhai = districts.store.mongo.find(
					Query.query(Criteria.where("jurisdiction").is(OUHAI.value())), Case.class);
			assertThat(inOuhai).extracting(Case::id).containsExactly(successor.id());
			assertThat(districts.details(open).transferredTo()).isEqualTo(successor.id());
		}
	}

	/** Cases where, just before the next save, someone else changes the same case. */
	static final class CasesChangedMeanwhile extends Cases {

		volatile Runnable meanwhile;

		CasesChangedMeanwhile(MongoOperations mongo) {
			super(mongo);
		}

		@Override
		Case save(Case kase) {
			Runnable change = meanwhile;
			meanwhile = null;
			if (change != null) {
				change.run();
			}
			return super.save(kase);
		}
	}
}
