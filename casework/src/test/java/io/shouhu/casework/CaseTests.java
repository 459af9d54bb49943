package io.shouhu.casework;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The case aggregate on its own: every rule its transitions guard, what each change records on the
 * timeline, and the feedback it owes the reporting hospitals.
 */
class CaseTests {

	static final Playbook PLAYBOOK = Playbooks.read(new ClassPathResource("playbooks/playbook.json"));

	static final Instant OPENED = Instant.parse("2026-11-20T02:00:00Z");

	static final JurisdictionId LONGWAN = new JurisdictionId("longwan");

	static final JurisdictionId OUHAI = new JurisdictionId("ouhai");

	static final UserId INTAKE = new UserId("intake");

	static final UserId LEAD = new UserId("prosecutor");

	static final UserId OTHER_PROSECUTOR = new UserId("prosecutor-2");

	static final UserId SUPERVISOR = new UserId("supervisor");

	static final UserId SUPERVISOR_B = new UserId("supervisor-b");

	static final UserId SOCIAL_WORKER = new UserId("social-worker");

	static final UserId PSYCHOLOGIST = new UserId("psychologist");

	static final UserId AID_OFFICER = new UserId("aid-officer");

	/** Each change happens a minute after the one before. */
	Instant now = OPENED;

	Instant aMinuteLater() {
		now = now.plus(Duration.ofMinutes(1));
		return now;
	}

	// Fixtures

	private static final PersonalDataKeys KEYS = PersonalDataKeys.generated();

	static Report aGirlOf13ReportedFor(Urgency urgency, Situation... situations) {
		return reportAbout(new Child("王", "小红", LocalDate.of(2013, 3, 1), Sex.FEMALE, "330303201303010025"), urgency,
				situations);
	}

	static Report aGirlOf13ReportedFor(Situation... situations) {
		return aGirlOf13ReportedFor(Urgency.URGENT, situations);
	}

	static Report reportAbout(Child child, Urgency urgency, Situation... situations) {
		ReportId id = ReportId.generate();
		SubmitReport command = new SubmitReport(new HospitalId("hospital-01"), new WorkstationId("ws-001"),
				new IntakeKey("urn:example:his", id.value()), "digest", child,
				new Reporter("李医生", "urn:example:staff", "D-1"), EnumSet.copyOf(Arrays.asList(situations)), urgency,
				LocalDate.of(2026, 11, 20), null, null);
		return Report.receive(id, command, ChildKeys.of(child, KEYS), LONGWAN, List.of(), OPENED.minus(Duration.ofHours(1)));
	}

	/** Opened by intake with {@code prosecutor} as lead. */
	static Case openedFor(Report report) {
		return Case.open(CaseId.openedBy(report.id()), "LW-2026-000001", report, LEAD, PLAYBOOK, INTAKE, OPENED);
	}

	static Case openedWithoutLeadFor(Report report) {
		return Case.open(CaseId.openedBy(report.id()), "LW-2026-000001", report, null, PLAYBOOK, INTAKE, OPENED);
	}

	/** The example: an urgent S2 report, a lead named. */
	static Case anUrgentCaseOfAGirlOf13ReportedForS2() {
		return openedFor(aGirlOf13ReportedFor(Situation.S2));
	}

	static TaskId task(Case kase, String kind) {
		return kase.tasks.stream()
			.filter(t -> t.kind.equals(kind))
			.map(t -> TaskId.of(kase.id(), t.number))
			.findFirst()
			.orElseThrow();
	}

	static CaseTask taskNamed(Case kase, String kind) {
		return kase.task(task(kase, kind));
	}

	void everyTrackFinished(Case kase) {
		for (Track track : kase.tracks) {
			if (!track.status.finished()) {
				kase.trackNotNeeded(track.type, "由其他机构处理", LEAD, aMinuteLater());
			}
		}
	}

	Case aClosedCase() {
		Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
		everyTrackFinished(kase);
		kase.requestClosure(LEAD, aMinuteLater());
		kase.approveClosure(SUPERVISOR, aMinuteLater());
		return kase;
	}

	static void assertBreaks(CaseRule rule, Runnable change) {
		assertThatThrownBy(change::run).isInstanceOfSatisfying(CaseRuleViolated.class,
				violated -> assertThat(violated.rule()).isEqualTo(rule));
	}

	/** The change is refused with the rule and leaves no trace on the timeline. */
	static void assertRefusedWithoutTrace(Case kase, CaseRule rule, Runnable change) {
		int entries = kase.timeline.size();
		Instant updated = kase.updatedAt;
		assertBreaks(rule, change);
		assertThat(kase.timeline).hasSize(entries);
		assertThat(kase.updatedAt).isEqualTo(updated);
	}

	static List<TimelineEntry> entriesSince(Case kase, int before) {
		return new ArrayList<>(kase.timeline.subList(before, kase.timeline.size()));
	}

	// Opening

	@Nested
	class Opening {

		@Test
		void anUrgentS2CaseOpensTheTracksAndTasksOfThePlaybookWithProsecutorTasksForTheLead() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();

			assertThat(kase.status).isEqualTo(CaseStatus.OPEN);
			assertThat(kase.tracks).extracting(t -> t.type, t -> t.status)
				.containsExactlyInAnyOrder(tuple(TrackType.CRIMINAL, TrackStatus.ACTIVE),
						tuple(TrackType.PSYCHOLOGICAL_AID, TrackStatus.ACTIVE),
						tuple(TrackType.JUDICIAL_AID, TrackStatus.ACTIVE),
						tuple(TrackType.PARENTING_GUIDANCE, TrackStatus.ACTIVE),
						tuple(TrackType.LEGAL_AID, TrackStatus.ACTIVE),
						tuple(TrackType.CIVIL_SUPPORT, TrackStatus.NOT_STARTED));
			assertThat(kase.tasks).extracting(t -> t.track, t -> t.kind, t -> t.assignee, t -> t.team, t -> t.due,
					t -> t.status)
				.containsExactly(
						tuple(TrackType.CRIMINAL, "refer-to-police", LEAD, null, OPENED.plus(Duration.ofHours(24)),
								TaskStatus.OPEN),
						tuple(TrackType.PSYCHOLOGICAL_AID, "first-assessment", null, Role.PSYCHOLOGIST,
								OPENED.plus(Duration.ofHours(72)), TaskStatus.OPEN),
						tuple(TrackType.JUDICIAL_AID, "eligibility-screening", null, Role.AID_OFFICER,
								OPENED.plus(Duration.ofDays(7)), TaskStatus.OPEN),
						tuple(TrackType.PARENTING_GUIDANCE, "assess-guardian", null, Role.SOCIAL_WORKER,
								OPENED.plus(Duration.ofDays(7)), TaskStatus.OPEN),
						tuple(TrackType.LEGAL_AID, "legal-aid-application", null, Role.AID_OFFICER,
								OPENED.plus(Duration.ofDays(7)), TaskStatus.OPEN));
			assertThat(kase.playbookVersion).isEqualTo(PLAYBOOK.version());
			assertThat(kase.urgency).isEqualTo(Urgency.URGENT);
			assertThat(kase.situations).containsExactly(Situation.S2);
		}

		@Test
		void withoutALeadTheProsecutorTasksGoToTheProsecutorTeamUntilTheSupervisorNamesOne() {
			Case kase = openedWithoutLeadFor(aGirlOf13ReportedFor(Situation.S2));
			CaseTask referral = taskNamed(kase, "refer-to-police");
			assertThat(referral.assignee).isNull();
			assertThat(referral.team).isEqualTo(Role.PROSECUTOR);

			kase.assignLead(LEAD, SUPERVISOR, aMinuteLater());

			assertThat(kase.lead).isEqualTo(LEAD);
			assertThat(referral.assignee).isEqualTo(LEAD);
			assertThat(referral.revision).isEqualTo(1);
			assertThat(taskNamed(kase, "first-assessment").assignee).as("not a prosecutor's task").isNull();
		}

		@Test
		void aNewLeadTakesOverTheOldLeadsPendingWorkButNotWhatIsDone() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			CaseTask referral = taskNamed(kase, "refer-to-police");
			assertThat(referral.assignee).isEqualTo(LEAD);

			kase.assignLead(OTHER_PROSECUTOR, SUPERVISOR, aMinuteLater());

			assertThat(referral.assignee).as("a 4-hour referral must not wait with a former lead")
				.isEqualTo(OTHER_PROSECUTOR);
			assertThat(referral.status).isEqualTo(TaskStatus.OPEN);
			assertThat(taskNamed(kase, "assess-guardian").team).as("other teams' work stays").isEqualTo(Role.SOCIAL_WORKER);
		}

		@Test
		void openingIsOnTheTimelineAndAnnouncedWithEveryTaskAssigned() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();

			assertThat(kase.timeline).extracting(TimelineEntry::type)
				.startsWith("case-opened", "lead-assigned")
				.containsOnly("case-opened", "lead-assigned", "track-started", "task-created");
			assertThat(kase.timeline).filteredOn(e -> e.type().equals("track-started")).hasSize(5);
			assertThat(kase.timeline).filteredOn(e -> e.type().equals("task-created")).hasSize(5);
			assertThat(kase.timeline).allSatisfy(e -> {
				assertThat(e.actor()).isEqualTo("intake");
				assertThat(e.at()).isEqualTo(OPENED);
			});
			assertThat(kase.timeline.get(0).data()).containsEntry("number", "LW-2026-000001")
				.containsEntry("playbook", PLAYBOOK.version());

			List<Object> events = kase.drainEvents();
			assertThat(events).containsOnlyOnce(new CaseEvents.CaseOpened(kase.id(), new ReportId(kase.childReport),
					LONGWAN, Urgency.URGENT));
			assertThat(events).filteredOn(CaseEvents.TaskAssigned.class::isInstance).hasSize(5);
			assertThat(kase.drainEvents()).as("drained once").isEmpty();
		}

		@Test
		void theCaseOwesTheHospitalsAcceptedAndNothingIsPendingYet() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();

			assertThat(kase.feedback).isEqualTo(ReportStatus.ACCEPTED);
			assertThat(kase.feedbackPending).isFalse();
		}
	}

	// Tracks

	@Nested
	class Tracks {

		@Test
		void startingATrackActivatesItWithItsOwner() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			Instant at = aMinuteLater();

			kase.startTrack(TrackType.CIVIL_SUPPORT, OTHER_PROSECUTOR, LEAD, at);

			Track civil = kase.track(TrackType.CIVIL_SUPPORT);
			assertThat(civil.status).isEqualTo(TrackStatus.ACTIVE);
			assertThat(civil.owner).isEqualTo(OTHER_PROSECUTOR);
			assertThat(civil.startedAt).isEqualTo(at);
			assertThat(kase.timeline).last()
				.satisfies(e -> assertThat(e).extracting(TimelineEntry::type, TimelineEntry::track, TimelineEntry::actor)
					.containsExactly("track-started", TrackType.CIVIL_SUPPORT, "prosecutor"));
		}

		@Test
		void anActiveTrackCannotBeStartedAgainButAFinishedOneIsReopenedWithItsHistory() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			kase.recordMilestone(Milestone.LEGAL_AID_APPLIED, MilestoneDetail.NONE, LEAD, aMinuteLater());
			kase.trackNotNeeded(TrackType.LEGAL_AID, "已有律师", LEAD, aMinuteLater());

			assertRefusedWithoutTrace(kase, CaseRule.TRACK_ALREADY_STARTED,
					() -> kase.startTrack(TrackType.CRIMINAL, null, LEAD, aMinuteLater()));
			kase.startTrack(TrackType.LEGAL_AID, null, LEAD, aMinuteLater());

			assertThat(kase.track(TrackType.LEGAL_AID).status).isEqualTo(TrackStatus.ACTIVE);
			assertThat(kase.track(TrackType.LEGAL_AID).notNeededReason).isNull();
			assertThat(kase.track(TrackType.LEGAL_AID).milestones).extracting(MilestoneRecord::milestone)
				.containsExactly(Milestone.LEGAL_AID_APPLIED);
			assertThat(kase.timeline).last().extracting(TimelineEntry::type).isEqualTo("track-reopened");
		}

		@Test
		void onlyAnActiveTrackWithoutPendingTasksCanBeCompleted() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();

			assertRefusedWithoutTrace(kase, CaseRule.TRACK_NOT_ACTIVE,
					() -> kase.completeTrack(TrackType.CIVIL_SUPPORT, LEAD, aMinuteLater()));
			assertRefusedWithoutTrace(kase, CaseRule.TRACK_HAS_PENDING_TASKS,
					() -> kase.completeTrack(TrackType.PSYCHOLOGICAL_AID, LEAD, aMinuteLater()));

			kase.acknowledgeTask(task(kase, "first-assessment"), PSYCHOLOGIST, aMinuteLater());
			assertRefusedWithoutTrace(kase, CaseRule.TRACK_HAS_PENDING_TASKS,
					() -> kase.completeTrack(TrackType.PSYCHOLOGICAL_AID, LEAD, aMinuteLater()));

			kase.completeTask(task(kase, "first-assessment"), "评估完成", PSYCHOLOGIST, aMinuteLater());
			Instant at = aMinuteLater();
			kase.completeTrack(TrackType.PSYCHOLOGICAL_AID, LEAD, at);

			Track psychological = kase.track(TrackType.PSYCHOLOGICAL_AID);
			assertThat(psychological.status).isEqualTo(TrackStatus.COMPLETED);
			assertThat(psychological.finishedAt).isEqualTo(at);
			assertRefusedWithoutTrace(kase, CaseRule.TRACK_FINISHED,
					() -> kase.completeTrack(TrackType.PSYCHOLOGICAL_AID, LEAD, aMinuteLater()));
		}

		@Test
		void aTrackNotNeededKeepsItsReasonAndCancelsItsPendingTasksOnly() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			TaskId screening = kase.createTask(TrackType.JUDICIAL_AID, "收集材料", AID_OFFICER, null,
					OPENED.plus(Duration.ofDays(3)), LEAD, aMinuteLater());
			kase.completeTask(screening, "材料已收齐", AID_OFFICER, aMinuteLater());
			CaseTask eligibility = taskNamed(kase, "eligibility-screening");
			int before = kase.timeline.size();

			kase.trackNotNeeded(TrackType.JUDICIAL_AID, "家庭经济条件良好", LEAD, aMinuteLater());

			Track judicial = kase.track(TrackType.JUDICIAL_AID);
			assertThat(judicial.status).isEqualTo(TrackStatus.NOT_NEEDED);
			assertThat(judicial.notNeededReason).isEqualTo("家庭经济条件良好");
			assertThat(eligibility.status).isEqualTo(TaskStatus.CANCELLED);
			assertThat(eligibility.revision).isEqualTo(1);
			assertThat(kase.task(screening).status).as("done stays done").isEqualTo(TaskStatus.DONE);
			assertThat(taskNamed(kase, "first-assessment").status).as("other tracks untouched")
				.isEqualTo(TaskStatus.OPEN);
			assertThat(entriesSince(kase, before)).extracting(TimelineEntry::type, TimelineEntry::task)
				.containsExactly(tuple("task-cancelled", task(kase, "eligibility-screening")),
						tuple("track-not-needed", null));
		}

		@Test
		void aFinishedTrackTakesNoMilestonesTasksOrSecondDecision() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			kase.trackNotNeeded(TrackType.JUDICIAL_AID, "不符合条件", LEAD, aMinuteLater());

			assertRefusedWithoutTrace(kase, CaseRule.TRACK_FINISHED,
					() -> kase.trackNotNeeded(TrackType.JUDICIAL_AID, "again", LEAD, aMinuteLater()));
			assertRefusedWithoutTrace(kase, CaseRule.TRACK_FINISHED, () -> kase
				.recordMilestone(Milestone.JUDICIAL_AID_APPLIED, MilestoneDetail.NONE, LEAD, aMinuteLater()));
			assertRefusedWithoutTrace(kase, CaseRule.TRACK_FINISHED, () -> kase.createTask(TrackType.JUDICIAL_AID,
					"补充材料", AID_OFFICER, null, OPENED.plus(Duration.ofDays(2)), LEAD, aMinuteLater()));
			assertRefusedWithoutTrace(kase, CaseRule.TRACK_FINISHED,
					() -> kase.assignTrackOwner(TrackType.JUDICIAL_AID, AID_OFFICER, LEAD, aMinuteLater()));
		}

		@Test
		void aTaskOnATrackNotStartedStartsIt() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();

			TaskId created = kase.createTask(TrackType.CIVIL_SUPPORT, "研判是否支持起诉", LEAD, null,
					OPENED.plus(Duration.ofDays(10)), LEAD, aMinuteLater());

			assertThat(kase.track(TrackType.CIVIL_SUPPORT).status).isEqualTo(TrackStatus.ACTIVE);
			assertThat(kase.task(created)).extracting(t -> t.kind, t -> t.assignee, t -> t.status)
				.containsExactly("custom", LEAD, TaskStatus.OPEN);
		}
	}

	// Milestones

	@Nested
	class Milestones {

		@Test
		void aMilestoneNeedsItsPrerequisiteFirst() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();

			assertRefusedWithoutTrace(kase, CaseRule.MILESTONE_PREREQUISITE_MISSING, () -> kase
				.recordMilestone(Milestone.POLICE_ACCEPTED, MilestoneDetail.NONE, LEAD, aMinuteLater()));
			assertRefusedWithoutTrace(kase, CaseRule.MILESTONE_PREREQUISITE_MISSING,
					() -> kase.recordMilestone(Milestone.SESSION_HELD, MilestoneDetail.NONE, PSYCHOLOGIST, aMinuteLater()));

			kase.recordMilestone(Milestone.REFERRED_TO_POLICE, MilestoneDetail.NONE, LEAD, aMinuteLater());
			kase.recordMilestone(Milestone.POLICE_ACCEPTED, MilestoneDetail.NONE, LEAD, aMinuteLater());

			assertThat(kase.track(TrackType.CRIMINAL).milestones).extracting(MilestoneRecord::milestone)
				.containsExactly(Milestone.REFERRED_TO_POLICE, Milestone.POLICE_ACCEPTED);
		}

		@Test
		void notFiledIsRuledOutOnceTheCaseWasFiled() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			kase.recordMilestone(Milestone.REFERRED_TO_POLICE, MilestoneDetail.NONE, LEAD, aMinuteLater());
			kase.recordMilestone(Milestone.POLICE_ACCEPTED, MilestoneDetail.NONE, LEAD, aMinuteLater());
			kase.recordMilestone(Milestone.CASE_FILED, MilestoneDetail.NONE, LEAD, aMinuteLater());

			assertRefusedWithoutTrace(kase, CaseRule.MILESTONE_EXCLUDED, () -> kase
				.recordMilestone(Milestone.CASE_NOT_FILED, MilestoneDetail.NONE, LEAD, aMinuteLater()));
		}

		@Test
		void whenThePoliceDeclineToFileTheProcuratorateOpensFilingSupervisionByItself() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			kase.recordMilestone(Milestone.REFERRED_TO_POLICE, MilestoneDetail.NONE, LEAD, aMinuteLater());
			kase.recordMilestone(Milestone.POLICE_ACCEPTED, MilestoneDetail.NONE, LEAD, aMinuteLater());
			int before = kase.timeline.size();
			Instant at = aMinuteLater();

			kase.recordMilestone(Milestone.CASE_NOT_FILED, new MilestoneDetail("证据不足", null, null), LEAD, at);

			assertThat(kase.track(TrackType.CRIMINAL).milestones).extracting(MilestoneRecord::milestone,
					MilestoneRecord::by, MilestoneRecord::at)
				.endsWith(tuple(Milestone.CASE_NOT_FILED, LEAD, at), tuple(Milestone.FILING_SUPERVISION_OPENED, null, at));
			assertThat(entriesSince(kase, before)).extracting(TimelineEntry::actor, e -> e.data().get("milestone"))
				.containsExactly(tuple("prosecutor", "case-not-filed"), tuple("system", "filing-supervision-opened"));
		}

		@Test
		void filingSupervisionIsNeverRecordedByHand() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			kase.recordMilestone(Milestone.REFERRED_TO_POLICE, MilestoneDetail.NONE, LEAD, aMinuteLater());
			kase.recordMilestone(Milestone.POLICE_ACCEPTED, MilestoneDetail.NONE, LEAD, aMinuteLater());
			kase.recordMilestone(Milestone.CASE_NOT_FILED, MilestoneDetail.NONE, LEAD, aMinuteLater());

			assertRefusedWithoutTrace(kase, CaseRule.MILESTONE_AUTOMATIC, () -> kase
				.recordMilestone(Milestone.FILING_SUPERVISION_OPENED, MilestoneDetail.NONE, LEAD, aMinuteLater()));
		}

		@Test
		void aMilestoneHappensOnceExceptASessionHeld() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			kase.recordMilestone(Milestone.ASSESSED, MilestoneDetail.NONE, PSYCHOLOGIST, aMinuteLater());

			assertRefusedWithoutTrace(kase, CaseRule.MILESTONE_ALREADY_RECORDED,
					() -> kase.recordMilestone(Milestone.ASSESSED, MilestoneDetail.NONE, PSYCHOLOGIST, aMinuteLater()));

			for (int i = 0; i < 3; i++) {
				kase.recordMilestone(Milestone.SESSION_HELD, MilestoneDetail.NONE, PSYCHOLOGIST, aMinuteLater());
			}
			assertThat(kase.track(TrackType.PSYCHOLOGICAL_AID).milestones).extracting(MilestoneRecord::milestone)
				.containsExactly(Milestone.ASSESSED, Milestone.SESSION_HELD, Milestone.SESSION_HELD,
						Milestone.SESSION_HELD);
		}

		@Test
		void aSuitFiledNeedsItsType() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			kase.recordMilestone(Milestone.SUPPORT_DECIDED, MilestoneDetail.NONE, LEAD, aMinuteLater());

			assertThatThrownBy(() -> kase.recordMilestone(Milestone.SUIT_FILED, MilestoneDetail.NONE, LEAD,
					aMinuteLater())).isInstanceOf(InvalidCommand.class).hasMessageContaining("revoke-guardianship");
			kase.recordMilestone(Milestone.SUIT_FILED, new MilestoneDetail(null, SuitType.REVOKE_GUARDIANSHIP, null), LEAD,
					aMinuteLater());

			assertThat(kase.track(TrackType.CIVIL_SUPPORT).milestones).last()
				.extracting(MilestoneRecord::milestone, MilestoneRecord::suitType)
				.containsExactly(Milestone.SUIT_FILED, SuitType.REVOKE_GUARDIANSHIP);
			assertThat(kase.timeline).last()
				.satisfies(e -> assertThat(e.data()).containsEntry("suitType", "revoke-guardianship"));
		}

		@Test
		void aidPaidNeedsAnAmountAboveZero() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			kase.recordMilestone(Milestone.JUDICIAL_AID_APPLIED, MilestoneDetail.NONE, AID_OFFICER, aMinuteLater());
			kase.recordMilestone(Milestone.JUDICIAL_AID_DECIDED, new MilestoneDetail("决定给予救助", null, null),
					AID_OFFICER, aMinuteLater());
			int before = kase.timeline.size();

			for (Long amount : new Long[] { null, 0L, -500L }) {
				assertThatThrownBy(() -> kase.recordMilestone(Milestone.AID_PAID, new MilestoneDetail(null, null, amount),
						AID_OFFICER, aMinuteLater())).as("amount %s", amount).isInstanceOf(InvalidCommand.class);
			}
			assertThat(kase.timeline).hasSize(before);

			kase.recordMilestone(Milestone.AID_PAID, new MilestoneDetail(null, null, 30_000L), AID_OFFICER,
					aMinuteLater());
			assertThat(kase.track(TrackType.JUDICIAL_AID).milestones).last()
				.extracting(MilestoneRecord::amountYuan)
				.isEqualTo(30_000L);
		}

		@Test
		void aJudgmentSaysWhatTheCourtDecided() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			for (Milestone m : List.of(Milestone.REFERRED_TO_POLICE, Milestone.POLICE_ACCEPTED, Milestone.CASE_FILED,
					Milestone.PROSECUTED)) {
				kase.recordMilestone(m, MilestoneDetail.NONE, LEAD, aMinuteLater());
			}

			assertThatThrownBy(() -> kase.recordMilestone(Milestone.JUDGMENT, MilestoneDetail.NONE, LEAD, aMinuteLater()))
				.isInstanceOf(InvalidCommand.class);
			assertThatThrownBy(() -> kase.recordMilestone(Milestone.JUDGMENT, new MilestoneDetail("  ", null, null), LEAD,
					aMinuteLater()))
				.isInstanceOf(InvalidCommand.class);
			kase.recordMilestone(Milestone.JUDGMENT, new MilestoneDetail("判处有期徒刑五年", null, null), LEAD,
					aMinuteLater());

			assertThat(kase.track(TrackType.CRIMINAL).milestones).last()
				.extracting(MilestoneRecord::text)
				.isEqualTo("判处有期徒刑五年");
		}

		@Test
		void aMilestoneTakesNoDetailItHasNoPlaceForAndNoEssay() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();

			assertThatThrownBy(() -> kase.recordMilestone(Milestone.REFERRED_TO_POLICE,
					new MilestoneDetail(null, null, 100L), LEAD, aMinuteLater()))
				.isInstanceOf(InvalidCommand.class);
			assertThatThrownBy(() -> kase.recordMilestone(Milestone.REFERRED_TO_POLICE,
					new MilestoneDetail(null, SuitType.DAMAGES, null), LEAD, aMinuteLater()))
				.isInstanceOf(InvalidCommand.class);
			assertThatThrownBy(() -> kase.recordMilestone(Milestone.REFERRED_TO_POLICE,
					new MilestoneDetail("字".repeat(501), null, null), LEAD, aMinuteLater()))
				.isInstanceOf(InvalidCommand.class);
			assertThat(kase.track(TrackType.CRIMINAL).milestones).isEmpty();
		}

		@Test
		void aMilestoneOnATrackNotStartedStartsIt() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			assertThat(kase.track(TrackType.CIVIL_SUPPORT).status).isEqualTo(TrackStatus.NOT_STARTED);
			int before = kase.timeline.size();
			Instant at = aMinuteLater();

			kase.recordMilestone(Milestone.SUPPORT_DECIDED, MilestoneDetail.NONE, LEAD, at);

			Track civil = kase.track(TrackType.CIVIL_SUPPORT);
			assertThat(civil.status).isEqualTo(TrackStatus.ACTIVE);
			assertThat(civil.startedAt).isEqualTo(at);
			assertThat(entriesSince(kase, before)).extracting(TimelineEntry::type)
				.containsExactly("track-started", "milestone-recorded");
		}
	}

	// Tasks

	@Nested
	class Tasks {

		@Test
		void acknowledgingATaskSaysWhoIsOnItOnce() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			TaskId referral = task(kase, "refer-to-police");
			Instant at = aMinuteLater();

			kase.acknowledgeTask(referral, LEAD, at);

			assertThat(kase.task(referral)).extracting(t -> t.status, t -> t.acknowledgedBy, t -> t.acknowledgedAt,
					t -> t.revision)
				.containsExactly(TaskStatus.ACKNOWLEDGED, LEAD, at, 1L);
			assertRefusedWithoutTrace(kase, CaseRule.TASK_ALREADY_ACKNOWLEDGED,
					() -> kase.acknowledgeTask(referral, LEAD, aMinuteLater()));
			assertThat(kase.task(referral).revision).isEqualTo(1);
		}

		@Test
		void aTeamTaskAcknowledgedBecomesTheAcknowledgersOwn() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			TaskId guardian = task(kase, "assess-guardian");
			assertThat(kase.task(guardian).assignee).isNull();

			kase.acknowledgeTask(guardian, SOCIAL_WORKER, aMinuteLater());

			assertThat(kase.task(guardian).assignee).isEqualTo(SOCIAL_WORKER);
			Actor colleague = new Actor(new UserId("social-worker-2"), LONGWAN, java.util.Set.of(Role.SOCIAL_WORKER));
			assertThat(kase.task(guardian).isFor(colleague)).as("no longer the team's").isFalse();
		}

		@Test
		void aTeamTaskCompletedWithoutAcknowledgingIsTheCompletersToo() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			TaskId assessment = task(kase, "first-assessment");

			kase.completeTask(assessment, "已评估：需要持续辅导", PSYCHOLOGIST, aMinuteLater());

			assertThat(kase.task(assessment)).extracting(t -> t.status, t -> t.assignee, t -> t.doneBy, t -> t.outcome)
				.containsExactly(TaskStatus.DONE, PSYCHOLOGIST, PSYCHOLOGIST, "已评估：需要持续辅导");
		}

		@Test
		void onlyAPendingTaskCanBeCompletedCancelledAcknowledgedOrReassigned() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			TaskId done = task(kase, "first-assessment");
			TaskId cancelled = task(kase, "legal-aid-application");
			kase.completeTask(done, "完成", PSYCHOLOGIST, aMinuteLater());
			kase.cancelTask(cancelled, "家属已自行委托律师", LEAD, aMinuteLater());

			for (TaskId finished : List.of(done, cancelled)) {
				assertRefusedWithoutTrace(kase, CaseRule.TASK_NOT_PENDING,
						() -> kase.completeTask(finished, "again", PSYCHOLOGIST, aMinuteLater()));
				assertRefusedWithoutTrace(kase, CaseRule.TASK_NOT_PENDING,
						() -> kase.cancelTask(finished, "again", LEAD, aMinuteLater()));
				assertRefusedWithoutTrace(kase, CaseRule.TASK_NOT_PENDING,
						() -> kase.acknowledgeTask(finished, PSYCHOLOGIST, aMinuteLater()));
				assertRefusedWithoutTrace(kase, CaseRule.TASK_NOT_PENDING,
						() -> kase.reassignTask(finished, AID_OFFICER, null, LEAD, aMinuteLater()));
			}
			assertThat(kase.task(cancelled)).extracting(t -> t.status, t -> t.revision)
				.containsExactly(TaskStatus.CANCELLED, 1L);
		}

		@Test
		void reassigningResetsTheTaskToOpenForItsNewAssignee() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			TaskId guardian = task(kase, "assess-guardian");
			kase.acknowledgeTask(guardian, SOCIAL_WORKER, aMinuteLater());
			kase.drainEvents();

			kase.reassignTask(guardian, new UserId("social-worker-2"), null, LEAD, aMinuteLater());

			CaseTask task = kase.task(guardian);
			assertThat(task).extracting(t -> t.status, t -> t.assignee, t -> t.acknowledgedBy, t -> t.acknowledgedAt,
					t -> t.revision)
				.containsExactly(TaskStatus.OPEN, new UserId("social-worker-2"), null, null, 2L);
			assertThat(kase.drainEvents()).containsExactly(new CaseEvents.TaskAssigned(guardian, LONGWAN,
					new UserId("social-worker-2"), null, task.due, 2));
			assertThat(kase.timeline).last()
				.satisfies(e -> assertThat(e.data()).containsEntry("assignee", "social-worker-2"));
		}

		@Test
		void reassigningToATeamLeavesNobodyNamed() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			TaskId referral = task(kase, "refer-to-police");

			kase.reassignTask(referral, null, Role.SUPERVISOR, LEAD, aMinuteLater());

			assertThat(kase.task(referral)).extracting(t -> t.assignee, t -> t.team, t -> t.revision)
				.containsExactly(null, Role.SUPERVISOR, 1L);
		}

		@Test
		void anUnknownTaskIsNotFound() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();

			assertThatThrownBy(() -> kase.acknowledgeTask(TaskId.of(kase.id(), 99), LEAD, aMinuteLater()))
				.isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> kase.acknowledgeTask(TaskId.of(new CaseId("c-other"), 1), LEAD, aMinuteLater()))
				.as("a task of another case, with a number this case has")
				.isInstanceOf(NotFound.class);
		}
	}

	// Closure

	@Nested
	class Closure {

		@Test
		void closingIsRefusedWhileAnyTrackIsUnfinishedAndNamesThem() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			for (TrackType type : List.of(TrackType.CRIMINAL, TrackType.PSYCHOLOGICAL_AID, TrackType.LEGAL_AID,
					TrackType.JUDICIAL_AID)) {
				kase.trackNotNeeded(type, "不需要", LEAD, aMinuteLater());
			}

			assertThatThrownBy(() -> kase.requestClosure(LEAD, aMinuteLater()))
				.isInstanceOfSatisfying(CaseRuleViolated.class,
						v -> assertThat(v.rule()).isEqualTo(CaseRule.TRACKS_UNFINISHED))
				.hasMessageContaining("parenting-guidance")
				.hasMessageContaining("civil-support")
				.message()
				.doesNotContain("criminal");
			assertThat(kase.status).isEqualTo(CaseStatus.OPEN);
		}

		@Test
		void aCaseWithEveryTrackFinishedWaitsForTheSupervisorAfterTheLeadAsks() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			everyTrackFinished(kase);
			kase.drainEvents();

			kase.requestClosure(LEAD, aMinuteLater());

			assertThat(kase.status).isEqualTo(CaseStatus.CLOSING);
			assertThat(kase.closureRequestedBy).isEqualTo(LEAD);
			assertThat(kase.drainEvents()).containsExactly(new CaseEvents.ClosureRequested(kase.id(), LONGWAN, kase.updatedAt));
		}

		@Test
		void approvingOrDecliningClosureNeedsAClosingCase() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();

			assertRefusedWithoutTrace(kase, CaseRule.CLOSURE_NOT_REQUESTED,
					() -> kase.approveClosure(SUPERVISOR, aMinuteLater()));
			assertRefusedWithoutTrace(kase, CaseRule.CLOSURE_NOT_REQUESTED,
					() -> kase.declineClosure("还需随访", SUPERVISOR, aMinuteLater()));
		}

		@Test
		void aDeclinedClosureReopensTheCase() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			everyTrackFinished(kase);
			kase.requestClosure(LEAD, aMinuteLater());

			kase.declineClosure("还需随访", SUPERVISOR, aMinuteLater());

			assertThat(kase.status).isEqualTo(CaseStatus.OPEN);
			assertThat(kase.closureRequestedBy).isNull();
			assertThat(kase.timeline).last()
				.satisfies(e -> assertThat(e).extracting(TimelineEntry::type, TimelineEntry::actor)
					.containsExactly("closure-declined", "supervisor"))
				.satisfies(e -> assertThat(e.data()).containsEntry("reason", "还需随访"));
			kase.requestClosure(LEAD, aMinuteLater());
			assertThat(kase.status).as("the lead may ask again").isEqualTo(CaseStatus.CLOSING);
		}

		@Test
		void afterADeclinedClosureTheFollowUpTheSupervisorAskedForCanBePlanned() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			everyTrackFinished(kase);
			kase.requestClosure(LEAD, aMinuteLater());
			kase.declineClosure("还需三个月后回访", SUPERVISOR, aMinuteLater());

			kase.startTrack(TrackType.PARENTING_GUIDANCE, null, LEAD, aMinuteLater());
			kase.createTask(TrackType.PARENTING_GUIDANCE, "三个月后回访", SOCIAL_WORKER, null,
					OPENED.plus(Duration.ofDays(90)), LEAD, aMinuteLater());

			assertThat(kase.track(TrackType.PARENTING_GUIDANCE).status).isEqualTo(TrackStatus.ACTIVE);
			assertThat(kase.tasks).filteredOn(t -> t.status.pending()).hasSize(1);
		}

		@Test
		void whileClosingNothingChangesButTheSupervisorsAnswer() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			everyTrackFinished(kase);
			kase.requestClosure(LEAD, aMinuteLater());

			assertRefusedWithoutTrace(kase, CaseRule.CASE_NOT_OPEN,
					() -> kase.createTask(TrackType.PARENTING_GUIDANCE, "回访", SOCIAL_WORKER, null,
							OPENED.plus(Duration.ofDays(30)), LEAD, aMinuteLater()));
			assertRefusedWithoutTrace(kase, CaseRule.CASE_NOT_OPEN, () -> kase.requestClosure(LEAD, aMinuteLater()));
		}

		@Test
		void approvedClosureClosesTheCaseAndOwesTheHospitalsCompleted() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			everyTrackFinished(kase);
			kase.requestClosure(LEAD, aMinuteLater());
			kase.drainEvents();

			kase.approveClosure(SUPERVISOR, aMinuteLater());

			assertThat(kase.status).isEqualTo(CaseStatus.CLOSED);
			assertThat(kase.feedback).isEqualTo(ReportStatus.COMPLETED);
			assertThat(kase.feedbackPending).isTrue();
			assertThat(kase.drainEvents()).containsExactly(new CaseEvents.CaseClosed(kase.id(), LONGWAN));
		}

		@Test
		void afterClosingNothingChanges() {
			Case kase = aClosedCase();
			Report another = aGirlOf13ReportedFor(Situation.S4);
			List<Consumer<Case>> changes = List.of(
					c -> c.startTrack(TrackType.CIVIL_SUPPORT, null, LEAD, aMinuteLater()),
					c -> c.recordMilestone(Milestone.REFERRED_TO_POLICE, MilestoneDetail.NONE, LEAD, aMinuteLater()),
					c -> c.completeTrack(TrackType.CRIMINAL, LEAD, aMinuteLater()),
					c -> c.trackNotNeeded(TrackType.CRIMINAL, "x", LEAD, aMinuteLater()),
					c -> c.assignTrackOwner(TrackType.CRIMINAL, LEAD, LEAD, aMinuteLater()),
					c -> c.createTask(TrackType.CRIMINAL, "x", LEAD, null, OPENED.plus(Duration.ofDays(1)), LEAD,
							aMinuteLater()),
					c -> c.acknowledgeTask(task(c, "refer-to-police"), LEAD, aMinuteLater()),
					c -> c.completeTask(task(c, "refer-to-police"), "x", LEAD, aMinuteLater()),
					c -> c.cancelTask(task(c, "refer-to-police"), "x", LEAD, aMinuteLater()),
					c -> c.reassignTask(task(c, "refer-to-police"), OTHER_PROSECUTOR, null, LEAD, aMinuteLater()),
					c -> c.assignLead(OTHER_PROSECUTOR, SUPERVISOR, aMinuteLater()),
					c -> c.setContactChannel("电话 0577-00000000", LEAD, aMinuteLater()),
					c -> c.requestClosure(LEAD, aMinuteLater()),
					c -> c.requestTransfer(OUHAI, "x", LEAD, aMinuteLater()),
					c -> c.merge(another, PLAYBOOK, INTAKE, aMinuteLater()));

			for (Consumer<Case> change : changes) {
				assertRefusedWithoutTrace(kase, CaseRule.CASE_NOT_OPEN, () -> change.accept(kase));
			}
			assertRefusedWithoutTrace(kase, CaseRule.CLOSURE_NOT_REQUESTED,
					() -> kase.approveClosure(SUPERVISOR, aMinuteLater()));
			assertThat(kase.status).isEqualTo(CaseStatus.CLOSED);
			assertThat(kase.sourceReports).hasSize(1);
		}

		@Test
		void aClosedCaseTakesNoComments() {
			Case kase = aClosedCase();

			assertRefusedWithoutTrace(kase, CaseRule.CASE_NOT_OPEN,
					() -> kase.comment("补充一句", null, LEAD, aMinuteLater()));
		}
	}

	// Feedback to the reporting hospitals

	@Nested
	class Feedback {

		@Test
		void theFirstMilestoneMeansWorkHasBegun() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			kase.acknowledgeTask(task(kase, "refer-to-police"), LEAD, aMinuteLater());
			kase.trackNotNeeded(TrackType.LEGAL_AID, "已委托律师", LEAD, aMinuteLater());
			assertThat(kase.feedback).as("acknowledging or dropping a track is not yet work on the child's matter")
				.isEqualTo(ReportStatus.ACCEPTED);
			assertThat(kase.feedbackPending).isFalse();

			kase.recordMilestone(Milestone.REFERRED_TO_POLICE, MilestoneDetail.NONE, LEAD, aMinuteLater());

			assertThat(kase.feedback).isEqualTo(ReportStatus.IN_PROGRESS);
			assertThat(kase.feedbackPending).isTrue();
		}

		@Test
		void theFirstCompletedTaskMeansWorkHasBegun() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();

			kase.completeTask(task(kase, "assess-guardian"), "监护人配合", SOCIAL_WORKER, aMinuteLater());

			assertThat(kase.feedback).isEqualTo(ReportStatus.IN_PROGRESS);
			assertThat(kase.feedbackPending).isTrue();
		}

		@Test
		void feedbackIsOwedOncePerChangeOfStatus() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			kase.recordMilestone(Milestone.REFERRED_TO_POLICE, MilestoneDetail.NONE, LEAD, aMinuteLater());
			kase.feedbackDelivered();

			kase.recordMilestone(Milestone.POLICE_ACCEPTED, MilestoneDetail.NONE, LEAD, aMinuteLater());
			kase.completeTask(task(kase, "assess-guardian"), "完成", SOCIAL_WORKER, aMinuteLater());

			assertThat(kase.feedback).isEqualTo(ReportStatus.IN_PROGRESS);
			assertThat(kase.feedbackPending).as("nothing new to tell").isFalse();
		}
	}

	// Transfer

	@Nested
	class Transfer {

		@Test
		void anAcceptedTransferCarriesTheCaseOnInTheOtherJurisdictionWithItsPendingWorkForItsTeams() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			kase.recordMilestone(Milestone.REFERRED_TO_POLICE, MilestoneDetail.NONE, LEAD, aMinuteLater());
			kase.completeTask(task(kase, "refer-to-police"), "已移送", LEAD, aMinuteLater());
			kase.acknowledgeTask(task(kase, "assess-guardian"), SOCIAL_WORKER, aMinuteLater());
			kase.trackNotNeeded(TrackType.LEGAL_AID, "已委托律师", LEAD, aMinuteLater());
			kase.createTask(TrackType.CRIMINAL, "跟进公安受理", LEAD, null, OPENED.plus(Duration.ofDays(5)), LEAD,
					aMinuteLater());
			kase.requestTransfer(OUHAI, "儿童随父母迁居瓯海", LEAD, aMinuteLater());
			assertThat(kase.transferTo).isEqualTo("ouhai");

			String planned = kase.transferSuccessor;
			Case successor = kase.transfer("OU-2026-000001", SUPERVISOR_B, aMinuteLater());

			assertThat(successor.id).as("the id fixed when the transfer was requested").isEqualTo(planned);

			assertThat(successor).extracting(c -> c.jurisdiction(), c -> c.number, c -> c.status, c -> c.lead,
					c -> c.transferredFrom, c -> c.childReport, c -> c.sourceReports, c -> c.urgency, c -> c.feedback)
				.containsExactly(OUHAI, "OU-2026-000001", CaseStatus.OPEN, null, kase.id, kase.childReport,
						kase.sourceReports, kase.urgency, ReportStatus.IN_PROGRESS);
			assertThat(successor.situations).isEqualTo(kase.situations);
			assertThat(successor.childKeys).isEqualTo(kase.childKeys);
			assertThat(successor.track(TrackType.CRIMINAL).milestones).extracting(MilestoneRecord::milestone)
				.containsExactly(Milestone.REFERRED_TO_POLICE);
			assertThat(successor.track(TrackType.LEGAL_AID).status).isEqualTo(TrackStatus.NOT_NEEDED);
			assertThat(successor.tasks).as("the pending work, for the new jurisdiction's teams")
				.extracting(t -> t.kind, t -> t.assignee, t -> t.team, t -> t.status)
				.containsExactlyInAnyOrder(tuple("first-assessment", null, Role.PSYCHOLOGIST, TaskStatus.OPEN),
						tuple("eligibility-screening", null, Role.AID_OFFICER, TaskStatus.OPEN),
						tuple("assess-guardian", null, Role.SOCIAL_WORKER, TaskStatus.OPEN),
						tuple("custom", null, Role.PROSECUTOR, TaskStatus.OPEN));
			assertThat(successor.drainEvents()).filteredOn(CaseEvents.TaskAssigned.class::isInstance)
				.allSatisfy(e -> assertThat(((CaseEvents.TaskAssigned) e).jurisdiction()).isEqualTo(OUHAI))
				.hasSize(4);

			assertThat(kase.status).isEqualTo(CaseStatus.TRANSFERRED);
			assertThat(kase.transferredTo).isEqualTo(successor.id);
			assertThat(kase.transferTo).isNull();
			assertThat(kase.tasks).filteredOn(t -> t.status.pending()).isEmpty();
			assertThat(taskNamed(kase, "refer-to-police").status).isEqualTo(TaskStatus.DONE);
			assertThat(kase.timeline).last()
				.satisfies(e -> assertThat(e.type()).isEqualTo("case-transferred-out"))
				.satisfies(e -> assertThat(e.data()).containsEntry("toCase", successor.id));
			assertThat(successor.timeline).first()
				.satisfies(e -> assertThat(e).extracting(TimelineEntry::type, TimelineEntry::actor)
					.containsExactly("case-transferred-in", "supervisor-b"));
		}

		@Test
		void aTransferGoesToAnotherJurisdictionOneAtATime() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();

			assertRefusedWithoutTrace(kase, CaseRule.TRANSFER_NOT_POSSIBLE,
					() -> kase.requestTransfer(LONGWAN, "x", LEAD, aMinuteLater()));
			kase.requestTransfer(OUHAI, "迁居", LEAD, aMinuteLater());
			assertRefusedWithoutTrace(kase, CaseRule.TRANSFER_NOT_POSSIBLE,
					() -> kase.requestTransfer(new JurisdictionId("lucheng"), "x", LEAD, aMinuteLater()));
		}

		@Test
		void aDeclinedTransferLeavesTheCaseWhereItWas() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			assertRefusedWithoutTrace(kase, CaseRule.NO_TRANSFER_REQUESTED,
					() -> kase.declineTransfer("x", SUPERVISOR_B, aMinuteLater()));
			assertRefusedWithoutTrace(kase, CaseRule.NO_TRANSFER_REQUESTED,
					() -> kase.transfer("OU-2026-000001", SUPERVISOR_B, aMinuteLater()));
			kase.requestTransfer(OUHAI, "迁居", LEAD, aMinuteLater());

			kase.declineTransfer("户籍仍在龙湾", SUPERVISOR_B, aMinuteLater());

			assertThat(kase.status).isEqualTo(CaseStatus.OPEN);
			assertThat(kase.transferTo).isNull();
			assertThat(kase.timeline).last()
				.satisfies(e -> assertThat(e.type()).isEqualTo("transfer-declined"))
				.satisfies(e -> assertThat(e.data()).containsEntry("to", "ouhai"));
			kase.requestTransfer(OUHAI, "再次申请", LEAD, aMinuteLater());
		}

		@Test
		void aTransferredCaseNoLongerChanges() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			kase.requestTransfer(OUHAI, "迁居", LEAD, aMinuteLater());
			kase.transfer("OU-2026-000001", SUPERVISOR_B, aMinuteLater());

			assertRefusedWithoutTrace(kase, CaseRule.CASE_NOT_OPEN,
					() -> kase.recordMilestone(Milestone.REFERRED_TO_POLICE, MilestoneDetail.NONE, LEAD, aMinuteLater()));
			assertRefusedWithoutTrace(kase, CaseRule.CASE_NOT_OPEN,
					() -> kase.requestTransfer(OUHAI, "x", LEAD, aMinuteLater()));
			assertRefusedWithoutTrace(kase, CaseRule.NO_TRANSFER_REQUESTED,
					() -> kase.transfer("OU-2026-000002", SUPERVISOR_B, aMinuteLater()));
		}
	}

	// Merging another report of the same child

	@Nested
	class Merging {

		@Test
		void aMergedReportAddsItsSituationsAndOpensOnlyTheTracksTheyNeedAnew() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			int tasksBefore = kase.tasks.size();
			Report later = aGirlOf13ReportedFor(Urgency.IMMEDIATE_DANGER, Situation.S2, Situation.S4);

			kase.merge(later, PLAYBOOK, INTAKE, aMinuteLater());

			assertThat(kase.sourceReports).containsExactly(kase.childReport, later.id().value());
			assertThat(kase.situations).containsExactlyInAnyOrder(Situation.S2, Situation.S4);
			assertThat(kase.urgency).as("the more urgent report counts").isEqualTo(Urgency.IMMEDIATE_DANGER);
			assertThat(kase.track(TrackType.CIVIL_SUPPORT).status).isEqualTo(TrackStatus.ACTIVE);
			assertThat(kase.tasks).hasSize(tasksBefore + 1);
			assertThat(kase.tasks).extracting(t -> t.kind).doesNotHaveDuplicates();
			assertThat(taskNamed(kase, "consider-guardianship-suit").assignee).isEqualTo(LEAD);
			assertThat(kase.drainEvents()).contains(new CaseEvents.ReportMerged(kase.id(), later.id(), LONGWAN));
		}

		@Test
		void mergingTheSameReportTwiceKeepsItOnce() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			Report later = aGirlOf13ReportedFor(Situation.S4);

			kase.merge(later, PLAYBOOK, INTAKE, aMinuteLater());
			kase.merge(later, PLAYBOOK, INTAKE, aMinuteLater());

			assertThat(kase.sourceReports).hasSize(2);
			assertThat(kase.tasks).extracting(t -> t.kind).doesNotHaveDuplicates();
		}

		@Test
		void aReportOfImmediateDangerBringsThePlannedWorkForward() {
			Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
			CaseTask referral = taskNamed(kase, "refer-to-police");
			CaseTask assessment = taskNamed(kase, "first-assessment");
			kase.completeTask(TaskId.of(kase.id(), assessment.number), "已评估", PSYCHOLOGIST, aMinuteLater());
			assertThat(referral.due).isEqualTo(OPENED.plus(java.time.Duration.ofHours(24)));

			Instant merged = aMinuteLater();
			kase.merge(aGirlOf13ReportedFor(Urgency.IMMEDIATE_DANGER, Situation.S2), PLAYBOOK, INTAKE, merged);

			assertThat(referral.due).as("4 hours from now, the immediate-danger plan")
				.isEqualTo(kase.updatedAt.plus(java.time.Duration.ofHours(4)));
			assertThat(referral.revision).isEqualTo(1);
			assertThat(taskNamed(kase, "eligibility-screening").due).as("the same 7 days either way: unchanged")
				.isEqualTo(OPENED.plus(java.time.Duration.ofDays(7)));
			assertThat(kase.timeline).filteredOn(e -> e.type().equals("task-due-brought-forward"))
				.extracting(TimelineEntry::task)
				.contains(TaskId.of(kase.id(), referral.number))
				.doesNotContain(TaskId.of(kase.id(), assessment.number));
		}

		@Test
		void aLessUrgentReportDoesNotLowerTheUrgency() {
			Case kase = openedFor(aGirlOf13ReportedFor(Urgency.IMMEDIATE_DANGER, Situation.S2));

			kase.merge(aGirlOf13ReportedFor(Urgency.ROUTINE, Situation.S6), PLAYBOOK, INTAKE, aMinuteLater());

			assertThat(kase.urgency).isEqualTo(Urgency.IMMEDIATE_DANGER);
		}
	}

	// The timeline

	@Test
	void theTimelineGetsOneEntryPerChangeWithWhoDidItAndWhen() {
		Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
		int before = kase.timeline.size();
		TaskId assessment = task(kase, "first-assessment");
		TaskId guardian = task(kase, "assess-guardian");

		Instant t1 = aMinuteLater();
		kase.acknowledgeTask(assessment, PSYCHOLOGIST, t1);
		Instant t2 = aMinuteLater();
		kase.recordMilestone(Milestone.REFERRED_TO_POLICE, MilestoneDetail.NONE, LEAD, t2);
		Instant t3 = aMinuteLater();
		kase.setContactChannel("社区网格员 张老师", LEAD, t3);
		Instant t4 = aMinuteLater();
		kase.comment("家属情绪稳定", guardian, SOCIAL_WORKER, t4);
		Instant t5 = aMinuteLater();
		kase.completeTask(assessment, "需要持续辅导", PSYCHOLOGIST, t5);
		Instant t6 = aMinuteLater();
		kase.assignTrackOwner(TrackType.PSYCHOLOGICAL_AID, PSYCHOLOGIST, LEAD, t6);

		assertThat(entriesSince(kase, before))
			.extracting(TimelineEntry::at, TimelineEntry::actor, TimelineEntry::type, TimelineEntry::track,
					TimelineEntry::task)
			.containsExactly(tuple(t1, "psychologist", "task-acknowledged", TrackType.PSYCHOLOGICAL_AID, assessment),
					tuple(t2, "prosecutor", "milestone-recorded", TrackType.CRIMINAL, null),
					tuple(t3, "prosecutor", "contact-channel-set", null, null),
					tuple(t4, "social-worker", "comment", TrackType.PARENTING_GUIDANCE, guardian),
					tuple(t5, "psychologist", "task-completed", TrackType.PSYCHOLOGICAL_AID, assessment),
					tuple(t6, "prosecutor", "track-owner-assigned", TrackType.PSYCHOLOGICAL_AID, null));
		assertThat(kase.timeline.get(before + 3).data()).isEqualTo(Map.of("text", "家属情绪稳定"));
		assertThat(kase.timeline.get(before + 2).data()).as("the channel itself is not on the timeline")
			.isEmpty();
		assertThat(kase.updatedAt).isEqualTo(t6);
	}

	@Test
	void aClockThatGoesBackNeverMovesTheLastChangeBack() {
		Case kase = anUrgentCaseOfAGirlOf13ReportedForS2();
		Instant later = aMinuteLater();
		kase.setContactChannel("电话", LEAD, later);

		kase.setContactChannel("微信", LEAD, later.minusSeconds(30));

		assertThat(kase.updatedAt).isEqualTo(later);
	}
}
