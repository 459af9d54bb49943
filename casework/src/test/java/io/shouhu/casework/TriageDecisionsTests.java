package io.shouhu.casework;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.shouhu.casework.TwoDistricts.AID_OFFICER;
import static io.shouhu.casework.TwoDistricts.HOSPITAL_02;
import static io.shouhu.casework.TwoDistricts.INTAKE;
import static io.shouhu.casework.TwoDistricts.LONGWAN;
import static io.shouhu.casework.TwoDistricts.PROSECUTOR;
import static io.shouhu.casework.TwoDistricts.PROSECUTOR_B;
import static io.shouhu.casework.TwoDistricts.SOCIAL_WORKER;
import static io.shouhu.casework.TwoDistricts.SUPERVISOR;
import static io.shouhu.casework.TwoDistricts.SUPERVISOR_B;
import static io.shouhu.casework.TwoDistricts.aBoyOf9;
import static io.shouhu.casework.TwoDistricts.aChild;
import static io.shouhu.casework.TwoDistricts.aGirlOf13;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Intake's decisions on reports, against a real store: accept opens a numbered case from the
 * playbook, merge joins an open case of the same child, rejection needs the supervisor; and a
 * decision recorded just before a crash is carried out by the sweep, once.
 */
class TriageDecisionsTests {

	final TwoDistricts districts = districts();

	TwoDistricts districts() {
		return new TwoDistricts();
	}

	/** The report with an accept recorded on it, not yet written: what a crash leaves half done. */
	Report acceptRecorded(ReportId id) {
		Report report = districts.report(id);
		Jurisdiction longwan = districts.referenceData.jurisdiction(LONGWAN).orElseThrow();
		report.accept(CaseId.openedBy(id), districts.numbers.next(longwan, districts.clock.instant()),
				PROSECUTOR.user(), INTAKE.user(), districts.clock.instant());
		return report;
	}

	@AfterEach
	void closeStore() {
		districts.close();
	}

	static void assertBreaks(CaseRule rule, Runnable decision) {
		assertThatThrownBy(decision::run).isInstanceOfSatisfying(CaseRuleViolated.class,
				violated -> assertThat(violated.rule()).isEqualTo(rule));
	}

	// Accept

	@Nested
	class Accept {

		@Test
		void aChildInImmediateDangerIsDecidedBeforeAnyLessUrgentReport() {
			ReportId routine = districts.reported(aGirlOf13(), Urgency.ROUTINE, Situation.S6);
			ReportId danger = districts.reported(HOSPITAL_02, aGirlOf13(), Urgency.IMMEDIATE_DANGER, Situation.S2);

			assertBreaks(CaseRule.IMMEDIATE_DANGER_FIRST,
					() -> districts.decisions.accept(INTAKE, routine, districts.report(routine).version(), null));
			assertBreaks(CaseRule.IMMEDIATE_DANGER_FIRST, () -> districts.decisions.proposeRejection(INTAKE, routine,
					districts.report(routine).version(), RejectionReason.NOT_REPORTABLE, "不属于强制报告情形"));
			assertThat(districts.cases.count()).isZero();

			districts.accepted(danger);
			districts.accepted(routine);

			assertThat(districts.cases.count()).isEqualTo(2);
		}

		@Test
		void acceptingOpensACaseNumberedInItsJurisdictionAndYearFromThePlaybook() {
			ReportId report = districts.reported(aGirlOf13(), Situation.S2);

			CaseId opened = districts.decisions.accept(INTAKE, report, districts.report(report).version(),
					PROSECUTOR.user());

			CaseDetails kase = districts.details(opened);
			assertThat(kase.number()).isEqualTo("LW-2026-000001");
			assertThat(kase.jurisdiction()).isEqualTo(LONGWAN);
			assertThat(kase.status()).isEqualTo(CaseStatus.OPEN);
			assertThat(kase.lead()).isEqualTo(PROSECUTOR.user());
			assertThat(kase.sourceReports()).containsExactly(report);
			assertThat(kase.childReport()).isEqualTo(report);
			assertThat(kase.playbookVersion()).isEqualTo("2026.1");
			assertThat(kase.tracks()).filteredOn(t -> t.status() == TrackStatus.ACTIVE)
				.extracting(TrackDetails::type)
				.containsExactlyInAnyOrder(TrackType.CRIMINAL, TrackType.PSYCHOLOGICAL_AID, TrackType.JUDICIAL_AID,
						TrackType.PARENTING_GUIDANCE, TrackType.LEGAL_AID);
			assertThat(kase.tasks()).extracting(TaskDetails::kind, TaskDetails::assignee, TaskDetails::team,
					TaskDetails::due)
				.contains(tuple("refer-to-police", PROSECUTOR.user(), null, TwoDistricts.MORNING.plus(Duration.ofHours(24))),
						tuple("first-assessment", null, Role.PSYCHOLOGIST, TwoDistricts.MORNING.plus(Duration.ofHours(72))),
						tuple("eligibility-screening", null, Role.AID_OFFICER, TwoDistricts.MORNING.plus(Duration.ofDays(7))),
						tuple("assess-guardian", null, Role.SOCIAL_WORKER, TwoDistricts.MORNING.plus(Duration.ofDays(7))));
			assertThat(kase.version()).isZero();
			assertThat(districts.hospitalSees(report)).isEqualTo(ReportStatus.ACCEPTED);
			assertThat(districts.report(report).decision()).extracting(TriageDecision::kind, TriageDecision::by,
					TriageDecision::caseId, TriageDecision::caseNumber)
				.containsExactly(TriageDecision.Kind.ACCEPT, INTAKE.user(), opened, "LW-2026-000001");
			assertThat(districts.report(report).isCaseLinked()).isTrue();
			assertThat(districts.published(CaseEvents.CaseOpened.class))
				.containsExactly(new CaseEvents.CaseOpened(opened, report, LONGWAN, Urgency.URGENT));
			assertThat(districts.published(CaseEvents.TaskAssigned.class)).hasSize(5);
		}

		@Test
		void theNextCaseTakesTheNextNumberAndEachJurisdictionCountsItsOwn() {
			CaseId first = districts.accepted(districts.reported(aGirlOf13(), Situation.S2));
			CaseId second = districts.accepted(districts.reported(aBoyOf9(), Situation.S4));
			CaseId inOuhai = districts.anOuhaiCaseFor(aBoyOf9(), Situation.S6);

			assertThat(List.of(first, second, inOuhai)).extracting(id -> districts.details(id).number())
				.containsExactly("LW-2026-000001", "LW-2026-000002", "OU-2026-000001");
		}

		@Test
		void theYearOfTheNumberIsTheYearInChina() {
			districts.accepted(districts.reported(aGirlOf13(), Situation.S2));
			districts.clock.set(Instant.parse("2026-12-31T16:30:00Z")); // 00:30 on New Year's Day in Wenzhou

			CaseId newYear = districts.accepted(districts.reported(aBoyOf9(), Situation.S4));

			assertThat(districts.details(newYear).number()).isEqualTo("LW-2027-000001");
		}

		@Test
		void withoutALeadTheProsecutorTasksWaitForTheProsecutorTeam() {
			ReportId report = districts.reported(aGirlOf13(), Situation.S2);

			CaseId opened = districts.acceptedWithoutLead(report);

			assertThat(districts.details(opened).lead()).isNull();
			assertThat(districts.task(opened, "refer-to-police")).extracting(TaskDetails::assignee, TaskDetails::team)
				.containsExactly(null, Role.PROSECUTOR);
		}

		@Test
		void theLeadMustBeAProsecutorOfTheJurisdictionAndARefusalUsesNoNumber() {
			ReportId report = districts.reported(aGirlOf13(), Situation.S2);
			long version = districts.report(report).version();

			assertBreaks(CaseRule.LEAD_NOT_A_PROSECUTOR,
					() -> districts.decisions.accept(INTAKE, report, version, SOCIAL_WORKER.user()));
			assertBreaks(CaseRule.LEAD_NOT_A_PROSECUTOR,
					() -> districts.decisions.accept(INTAKE, report, version, PROSECUTOR_B.user()));
			assertBreaks(CaseRule.LEAD_NOT_A_PROSECUTOR,
					() -> districts.decisions.accept(INTAKE, report, version, new UserId("nobody")));

			assertThat(districts.hospitalSees(report)).isEqualTo(ReportStatus.RECEIVED);
			assertThat(districts.cases.count()).isZero();
			assertThat(districts.details(districts.accepted(report)).number()).isEqualTo("LW-2026-000001");
		}

		@Test
		void aReportIsAcceptedOnce() {
			ReportId report = districts.reported(aGirlOf13(), Situation.S2);
			districts.accepted(report);

			assertBreaks(CaseRule.REPORT_ALREADY_TRIAGED, () -> districts.decisions.accept(SUPERVISOR, report,
					districts.report(report).version(), PROSECUTOR.user()));
			assertThat(districts.cases.count()).isEqualTo(1);
			assertThat(districts.details(districts.accepted(districts.reported(aBoyOf9(), Situation.S4))).number())
				.as("no number handed out for the refused second accept")
				.isEqualTo("LW-2026-000002");
		}

		@Test
		void twoOfficersAcceptingOneReportAtTheSameMomentOpenOneCase() throws Exception {
			ReportId report = districts.reported(aGirlOf13(), Situation.S2);
			long version = districts.report(report).version();
			ExecutorService pool = Executors.newFixedThreadPool(2);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<CaseId>> decided = new ArrayList<>();
			try {
				for (Actor officer : List.of(INTAKE, SUPERVISOR)) {
					decided.add(pool.submit(() -> {
						go.await();
						return districts.decisions.accept(officer, report, version, PROSECUTOR.user());
					}));
				}
				go.countDown();
				int opened = 0;
				for (Future<CaseId> decision : decided) {
					try {
						assertThat(decision.get()).isEqualTo(CaseId.openedBy(report));
						opened++;
					}
					catch (ExecutionException refused) {
						assertThat(refused.getCause()).isInstanceOf(StaleVersion.class);
					}
				}
				assertThat(opened).isEqualTo(1);
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(districts.cases.count()).isEqualTo(1);
			assertThat(districts.published(CaseEvents.CaseOpened.class)).hasSize(1);
		}

		@Test
		void aDecisionOnAStaleVersionIsRefused() {
			ReportId report = districts.reported(aGirlOf13(), Situation.S2);
			long seen = districts.report(report).version();
			districts.decisions.proposeRejection(INTAKE, report, seen, RejectionReason.DUPLICATE, "与昨日报告重复");
			districts.decisions.declineRejection(SUPERVISOR, report, districts.report(report).version());

			assertThatThrownBy(() -> districts.decisions.accept(INTAKE, report, seen, PROSECUTOR.user()))
				.isInstanceOf(StaleVersion.class);
			assertThat(districts.cases.count()).isZero();
			assertThat(districts.hospitalSees(report)).isEqualTo(ReportStatus.RECEIVED);
		}

		@Test
		void aReportOfAnotherJurisdictionIsNotFoundAndOnlyIntakeAndSupervisorsDecide() {
			ReportId report = districts.reported(aGirlOf13(), Situation.S2);
			long version = districts.report(report).version();

			assertThatThrownBy(() -> districts.decisions.accept(SUPERVISOR_B, report, version, null))
				.isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> districts.decisions.accept(SOCIAL_WORKER, report, version, null))
				.isInstanceOf(NotPermitted.class);
			assertThatThrownBy(() -> districts.decisions.accept(PROSECUTOR, report, version, null))
				.isInstanceOf(NotPermitted.class);
			assertThatThrownBy(() -> districts.decisions.candidates(SUPERVISOR_B, report))
				.isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> districts.decisions.candidates(AID_OFFICER, report))
				.isInstanceOf(NotPermitted.class);
			assertThatThrownBy(() -> districts.decisions.accept(INTAKE, new ReportId("no-such-report"), 0, null))
				.isInstanceOf(NotFound.class);

			assertThat(districts.decisions.accept(SUPERVISOR, report, version, null)).isNotNull();
		}
	}

	// Merge

	@Nested
	class Merge {

		@Test
		void theSameNationalIdFindsTheOpenCaseWhateverTheName() {
			CaseId open = districts.accepted(districts.reported(aGirlOf13(), Situation.S2));
			ReportId misspelt = districts.reported(HOSPITAL_02,
					aChild("汪", "晓红", LocalDate.of(2013, 3, 1), Sex.FEMALE, "330303201303010025"), Urgency.URGENT,
					Situation.S4);

			assertThat(districts.decisions.candidates(INTAKE, misspelt))
				.extracting(MergeCandidate::caseId, MergeCandidate::number, MergeCandidate::matchedOn)
				.containsExactly(tuple(open, "LW-2026-000001", "national-id"));
		}

		@Test
		void withoutNationalIdsTheSameNameBirthDateAndSexFindTheOpenCase() {
			Child boy = aBoyOf9();
			CaseId open = districts.accepted(districts.reported(boy, Situation.S4));
			ReportId sameBoyWrittenApart = districts.reported(HOSPITAL_02,
					aChild(" 陈 ", "小 明", boy.birthDate(), Sex.MALE, null), Urgency.ROUTINE, Situation.S6);
			ReportId twinSister = districts.reported(aChild("陈", "小明", boy.birthDate(), Sex.FEMALE, null),
					Situation.S6);
			ReportId anotherBoy = districts.reported(aChild("陈", "小明", boy.birthDate().plusDays(1), Sex.MALE, null),
					Situation.S6);

			assertThat(districts.decisions.candidates(INTAKE, sameBoyWrittenApart))
				.extracting(MergeCandidate::caseId, MergeCandidate::matchedOn)
				.containsExactly(tuple(open, "name-birth-date-sex"));
			assertThat(districts.decisions.candidates(INTAKE, twinSister)).isEmpty();
			assertThat(districts.decisions.candidates(INTAKE, anotherBoy)).isEmpty();
		}

		@Test
		void candidatesAreOpenCasesOfTheJurisdictionOnlyAndNeverTheReportsOwn() {
			ReportId first = districts.reported(aGirlOf13(), Situation.S2);
			CaseId open = districts.accepted(first);
			districts.anOuhaiCaseFor(aBoyOf9(), Situation.S4);
			CaseId closed = districts.accepted(districts.reported(HOSPITAL_02, aGirlOf13(), Urgency.ROUTINE,
					Situation.S9));
			districts.closed(closed);
			ReportId girlAgain = districts.reported(aGirlOf13(), Situation.S4);
			ReportId boyInLongwan = districts.reported(aBoyOf9(), Situation.S4);

			assertThat(districts.decisions.candidates(INTAKE, girlAgain)).extracting(MergeCandidate::caseId)
				.containsExactly(open);
			assertThat(districts.decisions.candidates(INTAKE, boyInLongwan)).as("his case is in ouhai").isEmpty();
			assertThat(districts.decisions.candidates(INTAKE, first)).as("its own case").isEmpty();
		}

		@Test
		void aMergedReportJoinsTheCaseAndOpensTheTracksItsNewSituationsNeed() {
			ReportId first = districts.reported(aGirlOf13(), Situation.S2);
			CaseId open = districts.accepted(first);
			ReportId later = districts.reported(HOSPITAL_02, aGirlOf13(), Urgency.IMMEDIATE_DANGER, Situation.S4);
			districts.published.clear();

			CaseId joined = districts.decisions.merge(INTAKE, later, districts.report(later).version(), open);

			assertThat(joined).isEqualTo(open);
			CaseDetails kase = districts.details(open);
			assertThat(kase.sourceReports()).containsExactly(first, later);
			assertThat(kase.situations()).containsExactlyInAnyOrder(Situation.S2, Situation.S4);
			assertThat(kase.urgency()).isEqualTo(Urgency.IMMEDIATE_DANGER);
			assertThat(kase.tracks()).filteredOn(t -> t.type() == TrackType.CIVIL_SUPPORT)
				.extracting(TrackDetails::status)
				.containsExactly(TrackStatus.ACTIVE);
			assertThat(kase.tasks()).extracting(TaskDetails::kind).doesNotHaveDuplicates().contains("consider-guardianship-suit");
			assertThat(districts.hospitalSees(later)).isEqualTo(ReportStatus.ACCEPTED);
			assertThat(districts.report(later).decision()).extracting(TriageDecision::kind, TriageDecision::caseId)
				.containsExactly(TriageDecision.Kind.MERGE, open);
			assertThat(districts.cases.count()).isEqualTo(1);
			assertThat(districts.published(CaseEvents.ReportMerged.class))
				.containsExactly(new CaseEvents.ReportMerged(open, later, LONGWAN));
		}

		@Test
		void aReportMergedIntoACaseUnderWayShowsItUnderWayAtOnce() {
			CaseId open = districts.accepted(districts.reported(aGirlOf13(), Situation.S2));
			districts.management.recordMilestone(PROSECUTOR, open, districts.version(open), Milestone.REFERRED_TO_POLICE,
					null);
			ReportId later = districts.reported(HOSPITAL_02, aGirlOf13(), Urgency.URGENT, Situation.S2);

			districts.decisions.merge(INTAKE, later, districts.report(later).version(), open);

			assertThat(districts.hospitalSees(later)).isEqualTo(ReportStatus.IN_PROGRESS);
		}

		@Test
		void aReportJoinsOnlyAnOpenCaseOfItsJurisdiction() {
			CaseId closed = districts.accepted(districts.reported(aGirlOf13(), Situation.S9));
			districts.closed(closed);
			CaseId inOuhai = districts.anOuhaiCaseFor(aGirlOf13(), Situation.S2);
			ReportId later = districts.reported(aGirlOf13(), Situation.S4);
			long version = districts.report(later).version();

			assertBreaks(CaseRule.MERGE_TARGET_NOT_OPEN, () -> districts.decisions.merge(INTAKE, later, version, closed));
			assertThatThrownBy(() -> districts.decisions.merge(INTAKE, later, version, inOuhai))
				.isInstanceOf(NotFound.class);
			assertThatThrownBy(() -> districts.decisions.merge(INTAKE, later, version, new CaseId("c-none")))
				.isInstanceOf(NotFound.class);
			assertThat(districts.hospitalSees(later)).isEqualTo(ReportStatus.RECEIVED);
			assertThat(districts.details(inOuhai).sourceReports()).hasSize(1);
		}
	}

	// Rejection

	@Nested
	class Rejection {

		@Test
		void aProposedRejectionIsIntakesBusinessTheHospitalStillSeesItReceived() {
			ReportId report = districts.reported(aGirlOf13(), Situation.S9);
			Instant lastUpdated = districts.hospitalView(report).lastUpdated();
			districts.clock.advance(Duration.ofMinutes(5));

			districts.decisions.proposeRejection(INTAKE, report, districts.report(report).version(),
					RejectionReason.NOT_REPORTABLE, "系运动损伤，非强制报告情形");

			assertThat(districts.report(report).status()).isEqualTo(ReportStatus.REJECTION_PROPOSED);
			assertThat(districts.hospitalView(report)).extracting(ReportStatusView::status,
					ReportStatusView::lastUpdated, ReportStatusView::rejectionReason)
				.containsExactly(ReportStatus.RECEIVED, lastUpdated, null);
			assertThat(districts.published(CaseEvents.RejectionProposed.class))
				.containsExactly(new CaseEvents.RejectionProposed(report, LONGWAN, districts.report(report).decision().at()));
			assertBreaks(CaseRule.REPORT_ALREADY_TRIAGED, () -> districts.decisions.accept(INTAKE, report,
					districts.report(report).version(), null));
		}

		@Test
		void theSupervisorsApprovalMakesTheRejectionFinalWithItsReason() {
			ReportId report = districts.reported(aGirlOf13(), Situation.S9);
			districts.decisions.proposeRejection(INTAKE, report, districts.report(report).version(),
					RejectionReason.NOT_REPORTABLE, "系运动损伤");
			districts.clock.advance(Duration.ofHours(1));

			districts.decisions.approveRejection(SUPERVISOR, report, districts.report(report).version());

			assertThat(districts.hospitalView(report)).extracting(ReportStatusView::status,
					ReportStatusView::rejectionReason, ReportStatusView::lastUpdated)
				.containsExactly(ReportStatus.REJECTED, RejectionReason.NOT_REPORTABLE, districts.clock.instant());
			assertThat(districts.report(report).decision()).extracting(TriageDecision::kind, TriageDecision::by,
					TriageDecision::approvedBy, TriageDecision::text)
				.containsExactly(TriageDecision.Kind.REJECT, INTAKE.user(), SUPERVISOR.user(), "系运动损伤");
			assertBreaks(CaseRule.REPORT_ALREADY_TRIAGED, () -> districts.decisions.accept(INTAKE, report,
					districts.report(report).version(), null));
			assertThat(districts.cases.count()).isZero();
		}

		@Test
		void aDeclinedRejectionSendsTheReportBackToTheQueueToBeAccepted() {
			ReportId report = districts.reported(aGirlOf13(), Situation.S2);
			districts.decisions.proposeRejection(INTAKE, report, districts.report(report).version(),
					RejectionReason.INSUFFICIENT_INFORMATION, "信息不足");

			districts.decisions.declineRejection(SUPERVISOR, report, districts.report(report).version());

			assertThat(districts.report(report).status()).isEqualTo(ReportStatus.RECEIVED);
			assertThat(districts.report(report).decision()).isNull();
			assertThat(districts.hospitalSees(report)).isEqualTo(ReportStatus.RECEIVED);
			CaseId opened = districts.accepted(report);
			assertThat(districts.details(opened).status()).isEqualTo(CaseStatus.OPEN);
			assertThat(districts.hospitalSees(report)).isEqualTo(ReportStatus.ACCEPTED);
		}

		@Test
		void onlyTheSupervisorDecidesOnAProposedRejection() {
			ReportId report = districts.reported(aGirlOf13(), Situation.S9);
			ReportId untouched = districts.reported(aBoyOf9(), Situation.S9);
			districts.decisions.proposeRejection(INTAKE, report, districts.report(report).version(),
					RejectionReason.OTHER, "见说明");
			long version = districts.report(report).version();

			assertThatThrownBy(() -> districts.decisions.approveRejection(INTAKE, report, version))
				.isInstanceOf(NotPermitted.class);
			assertThatThrownBy(() -> districts.decisions.declineRejection(PROSECUTOR, report, version))
				.isInstanceOf(NotPermitted.class);
			assertThatThrownBy(() -> districts.decisions.approveRejection(SUPERVISOR_B, report, version))
				.isInstanceOf(NotFound.class);
			assertBreaks(CaseRule.NO_REJECTION_PROPOSED, () -> districts.decisions.approveRejection(SUPERVISOR,
					untouched, districts.report(untouched).version()));
			assertBreaks(CaseRule.NO_REJECTION_PROPOSED, () -> districts.decisions.declineRejection(SUPERVISOR,
					untouched, districts.report(untouched).version()));
			assertThat(districts.report(report).status()).isEqualTo(ReportStatus.REJECTION_PROPOSED);
		}

		@Test
		void aRejectionNeedsAReasonCodeAndWordsForTheSupervisor() {
			ReportId report = districts.reported(aGirlOf13(), Situation.S9);
			long version = districts.report(report).version();

			assertThatThrownBy(() -> districts.decisions.proposeRejection(INTAKE, report, version, null, "见说明"))
				.isInstanceOf(InvalidCommand.class);
			assertThatThrownBy(() -> districts.decisions.proposeRejection(INTAKE, report, version,
					RejectionReason.OTHER, "  ")).isInstanceOf(InvalidCommand.class);
			assertThatThrownBy(() -> districts.decisions.proposeRejection(INTAKE, report, version,
					RejectionReason.OTHER, "字".repeat(2001))).isInstanceOf(InvalidCommand.class);
			assertThat(districts.report(report).status()).isEqualTo(ReportStatus.RECEIVED);
		}
	}

	// Carrying out a decision interrupted by a crash

	@Nested
	class CrashResume {

		@Test
		void anAcceptRecordedJustBeforeACrashIsCarriedOutByTheSweepOnce() {
			ReportId id = districts.reported(aGirlOf13(), Situation.S2);
			Report report = acceptRecorded(id);
			districts.reports.save(report);
			assertThat(districts.cases.count()).as("crashed before the case was opened").isZero();
			districts.published.clear();

			districts.sweeps.sweep();

			CaseDetails opened = districts.details(CaseId.openedBy(id));
			assertThat(opened).extracting(CaseDetails::number, CaseDetails::lead, CaseDetails::sourceReports)
				.containsExactly("LW-2026-000001", PROSECUTOR.user(), List.of(id));
			assertThat(opened.tasks()).hasSize(5);
			assertThat(districts.report(id).isCaseLinked()).isTrue();
			assertThat(districts.published(CaseEvents.CaseOpened.class)).hasSize(1);
			long version = opened.version();
			int events = districts.published.size();

			districts.sweeps.sweep();

			assertThat(districts.cases.count()).isEqualTo(1);
			assertThat(districts.version(opened.id())).isEqualTo(version);
			assertThat(districts.kase(opened.id()).timeline).filteredOn(e -> e.type().equals("case-opened")).hasSize(1);
			assertThat(districts.published).hasSize(events);
		}

		@Test
		void aCaseOpenedJustBeforeACrashIsNotOpenedTwice() {
			ReportId id = districts.reported(aGirlOf13(), Situation.S2);
			Report report = acceptRecorded(id);
			districts.reports.save(report);
			Case opened = Case.open(CaseId.openedBy(id), report.decision().caseNumber(), report, PROSECUTOR.user(),
					districts.playbooks.current(), INTAKE.user(), report.decision().at());
			districts.cases.insert(opened);
			districts.management.recordMilestone(PROSECUTOR, opened.id(), 0, Milestone.REFERRED_TO_POLICE, null);
			districts.published.clear();

			districts.sweeps.sweep();

			assertThat(districts.cases.count()).isEqualTo(1);
			assertThat(districts.report(id).isCaseLinked()).isTrue();
			assertThat(districts.details(opened.id()).tracks()).filteredOn(t -> t.type() == TrackType.CRIMINAL)
				.flatExtracting(TrackDetails::milestones)
				.as("the work done meanwhile is kept")
				.hasSize(1);
			assertThat(districts.published(CaseEvents.CaseOpened.class)).isEmpty();
			assertThat(districts.hospitalSees(id)).isEqualTo(ReportStatus.IN_PROGRESS);
		}

		@Test
		void aMergeRecordedJustBeforeACrashIsCarriedOutByTheSweepOnce() {
			CaseId open = districts.accepted(districts.reported(aGirlOf13(), Situation.S2));
			ReportId later = districts.reported(HOSPITAL_02, aGirlOf13(), Urgency.URGENT, Situation.S6);
			Report report = districts.report(later);
			report.mergeInto(open, INTAKE.user(), districts.clock.instant());
			districts.reports.save(report);

			districts.sweeps.sweep();
			districts.sweeps.sweep();

			CaseDetails kase = districts.details(open);
			assertThat(kase.sourceReports()).containsExactly(kase.childReport(), later);
			assertThat(kase.situations()).contains(Situation.S6);
			assertThat(districts.kase(open).timeline).filteredOn(e -> e.type().equals("report-merged")).hasSize(1);
			assertThat(districts.report(later).isCaseLinked()).isTrue();
		}

		@Test
		void theSweepDeliversFeedbackACrashLeftOwed() {
			ReportId id = districts.reported(aGirlOf13(), Situation.S2);
			CaseId open = districts.accepted(id);
			Case kase = districts.kase(open);
			kase.recordMilestone(Milestone.REFERRED_TO_POLICE, MilestoneDetail.NONE, PROSECUTOR.user(),
					districts.clock.instant());
			districts.cases.save(kase); // and then the crash, before the reports heard of it
			assertThat(districts.hospitalSees(id)).isEqualTo(ReportStatus.ACCEPTED);

			districts.sweeps.sweep();

			assertThat(districts.hospitalSees(id)).isEqualTo(ReportStatus.IN_PROGRESS);
			assertThat(districts.kase(open).feedbackPending).isFalse();
			assertThat(districts.cases.needingSweep()).isEmpty();
		}

		@Test
		void aMergeWhoseCaseClosedBeforeItWasCarriedOutOpensACaseOfItsOwn() {
			CaseId open = districts.accepted(districts.reported(aGirlOf13(), Situation.S9));
			ReportId later = districts.reported(HOSPITAL_02, aGirlOf13(), Urgency.URGENT, Situation.S2);
			Report report = districts.report(later);
			report.mergeInto(open, INTAKE.user(), districts.clock.instant());
			districts.reports.save(report); // the crash came here
			districts.closed(open);

			districts.sweeps.sweep();

			assertThat(districts.report(later).isCaseLinked()).as("carried out").isTrue();
			assertThat(districts.decisions.candidates(INTAKE, later)).isEmpty();
			assertThat(districts.cases.count()).as("the report opened a case of its own, as TriageDecisions.link says")
				.isEqualTo(2);
		}
	}
}
