package io.shouhu.casework;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Taking in reports against a real store: exactly once, only from the right place, only minors; each
 * new report checked against the reportability rules.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReportIntakeTests {

	private static final Actor LONGWAN_INTAKE = new Actor(new UserId("intake"), new JurisdictionId("longwan"),
			java.util.Set.of(Role.INTAKE));

	private static final Actor OUHAI_INTAKE = new Actor(new UserId("intake-b"), new JurisdictionId("ouhai"),
			java.util.Set.of(Role.INTAKE));

	static final LocalDate ENCOUNTER = LocalDate.of(2026, 11, 20);

	CaseworkStore store;

	List<Object> published = new ArrayList<>();

	ReportIntake intake;

	Triage triage;

	SealedReporters reporters;

	ReferenceData referenceData;

	Reports reports;

	Attachments attachments;

	Audit audit;

	@BeforeEach
	void longwanWithTwoHospitalsAndOuhaiWithOne() {
		store = new CaseworkStore();
		referenceData = new ReferenceData(store.mongo);
		referenceData.register(new Jurisdiction(new JurisdictionId("longwan"), "龙湾"));
		referenceData.register(new Jurisdiction(new JurisdictionId("ouhai"), "瓯海"));
		hospital(referenceData, "hospital-01", "longwan", "ws-001");
		hospital(referenceData, "hospital-02", "longwan", "ws-013");
		hospital(referenceData, "hospital-12", "ouhai", "ws-124");
		reports = new Reports(store.mongo);
		attachments = new Attachments(store.gridFs, store.mongo, store.keys);
		reporters = new SealedReporters(store.mongo);
		audit = new Audit(new AuditTrail(store.mongo, false, Optional.empty()), reports, new Cases(store.mongo, false));
		intake = intakeWith(ReportabilityTests.SHIPPED);
		triage = new Triage(reports, attachments, audit);
	}

	@AfterEach
	void closeStore() {
		store.close();
	}

	@Test
	void aReportEntersTheTriageQueueOfItsHospitalsJurisdiction() {
		IntakeOutcome outcome = intake.submit(report("hospital-01", "ws-001", "key-1", girlBorn(2013, 3, 1)));

		assertThat(outcome.created()).isTrue();
		assertThat(triage.queue(LONGWAN_INTAKE)).extracting(TriageItem::report)
			.containsExactly(outcome.report());
		assertThat(triage.queue(OUHAI_INTAKE)).isEmpty();
		assertThatExceptionOfType(NotFound.class).isThrownBy(() -> triage.report(OUHAI_INTAKE, outcome.report()));
		assertThat(triage.report(LONGWAN_INTAKE, outcome.report()))
			.satisfies(details -> assertThat(details.childAge()).isEqualTo(13));
		assertThat(published).containsExactly(new ReportReceived(outcome.report(), new JurisdictionId("longwan"),
				Urgency.IMMEDIATE_DANGER, triage.queue(LONGWAN_INTAKE).get(0).receivedAt()));
	}

	@Test
	void aResendIsTheSameReportAndStoresNothingNew() {
		SubmitReport report = report("hospital-01", "ws-001", "key-1", girlBorn(2013, 3, 1));
		IntakeOutcome first = intake.submit(report);
		IntakeOutcome again = intake.submit(report);

		assertThat(again).isEqualTo(new IntakeOutcome(first.report(), false, first.status()));
		assertThat(triage.received()).isEqualTo(1);
		assertThat(published).hasSize(2).allMatch(e -> ((ReportReceived) e).report().equals(first.report()));
	}

	@Test
	void aResendIsAnsweredEvenWhenTheChildHasSinceComeOfAge() {
		SubmitReport report = report("hospital-01", "ws-001", "key-1", girlBorn(2008, 11, 20));
		IntakeOutcome first = intake.submit(report);
		SubmitReport sameReportOnADefaultedLaterDate = new SubmitReport(report.hospital(), report.workstation(),
				report.intakeKey(), report.payloadDigest(), report.child(), report.reporter(), report.situations(),
				report.urgency(), ENCOUNTER.plusDays(2), report.summary(), report.subjectReference());

		assertThat(intake.submit(sameReportOnADefaultedLaterDate))
			.isEqualTo(new IntakeOutcome(first.report(), false, first.status()));
	}

	@Test
	void aHospitalFindsTheStatusOfItsOwnReportsOnly() {
		IntakeOutcome mine = intake.submit(report("hospital-01", "ws-001", "key-1", girlBorn(2013, 3, 1)));
		intake.submit(report("hospital-01", "ws-001", "key-2", girlBorn(2013, 3, 1)));
		intake.submit(report("hospital-02", "ws-013", "key-1", girlBorn(2013, 3, 1)));
		HospitalId hospital01 = new HospitalId("hospital-01");

		assertThat(intake.statuses(hospital01, new ReportStatusQuery("urn:example:his", "key-1", null, null, 10)))
			.singleElement()
			.satisfies(view -> {
				assertThat(view.report()).isEqualTo(mine.report());
				assertThat(view.intakeKey()).isEqualTo(new IntakeKey("urn:example:his", "key-1"));
				assertThat(view.subjectReference()).isEqualTo("urn:uuid:patient-1");
				assertThat(view.jurisdiction()).isEqualTo(new JurisdictionId("longwan"));
			});
		assertThat(intake.statuses(hospital01, new ReportStatusQuery(null, null, null, null, 10))).hasSize(2);
		assertThat(intake.statuses(hospital01, new ReportStatusQuery(null, null, mine.report(), null, 10))).hasSize(1);
		assertThat(intake.statuses(new HospitalId("hospital-12"), new ReportStatusQuery(null, null, mine.report(), null, 10)))
			.isEmpty();
		assertThat(intake.statuses(hospital01,
				new ReportStatusQuery(null, null, null, java.time.Instant.now().plusSeconds(60), 10)))
			.isEmpty();
	}

	@Test
	void attachmentsAreKeptOutsideTheReportAndOpenedOnlyWithinItsJurisdiction() {
		byte[] photo = new byte[3 * 1024 * 1024 + 17];
		new java.util.Random(7).nextBytes(photo);
		SubmitReport withPhoto = withAttachments(report("hospital-01", "ws-001", "key-1", girlBorn(2013, 3, 1)),
				List.of(new AttachmentContent("image/jpeg", "左前臂", photo)));
		IntakeOutcome outcome = intake.submit(withPhoto);
		intake.submit(withPhoto);

		ReportDetails details = triage.report(LONGWAN_INTAKE, outcome.report());
		assertThat(details.attachments()).singleElement().satisfies(info -> {
			assertThat(info.size()).isEqualTo(photo.length);
			assertThat(info.contentType()).isEqualTo("image/jpeg");
		});
		AttachmentId id = details.attachments().get(0).id();
		assertThat(triage.attachment(LONGWAN_INTAKE, outcome.report(), id))
			.satisfies(file -> assertThat(file.data()).isEqualTo(photo));
		assertThatExceptionOfType(NotFound.class).isThrownBy(() -> triage.attachment(OUHAI_INTAKE, outcome.report(), id));
		assertThat(store.mongo.getCollection("fs.files").countDocuments()).as("stored once despite the resend")
			.isEqualTo(1);
		assertThat(store.mongo.getCollection("reports").find().first().toJson()).as("bytes are not in the report")
			.hasSizeLessThan(10_000);
	}

	@Test
	void anAttachmentOverTenMegabytesIsRefused() {
		SubmitReport tooBig = withAttachments(report("hospital-01", "ws-001", "key-1", girlBorn(2013, 3, 1)),
				List.of(new AttachmentContent("image/png", null, new byte[AttachmentContent.MAX_BYTES + 1])));

		assertRefused(() -> intake.submit(tooBig), ReportRefused.Reason.ATTACHMENT_TOO_LARGE);
		assertThat(store.mongo.getCollection("fs.files").countDocuments()).isZero();
	}

	@Test
	void theReporterIsSealedApartFromTheReport() {
		IntakeOutcome outcome = intake.submit(report("hospital-01", "ws-001", "key-1", girlBorn(2013, 3, 1)));

		assertThat(store.mongo.getCollection("reports").find().first().toJson()).doesNotContain("李医生")
			.doesNotContain("D-1");
		assertThat(reporters.open(outcome.report())).contains(new Reporter("李医生", "urn:example:staff", "D-1"));
	}

	@Test
	void theSameKeyFromAnotherHospitalIsAnotherReport() {
		intake.submit(report("hospital-01", "ws-001", "key-1", girlBorn(2013, 3, 1)));
		IntakeOutcome other = intake.submit(report("hospital-02", "ws-013", "key-1", girlBorn(2013, 3, 1)));

		assertThat(other.created()).isTrue();
		assertThat(triage.received()).isEqualTo(2);
	}

	@Test
	void aDifferentReportUnderAKeyAlreadyUsedIsRefused() {
		intake.submit(report("hospital-01", "ws-001", "key-1", girlBorn(2013, 3, 1)));
		SubmitReport different = withDigest(report("hospital-01", "ws-001", "key-1", girlBorn(2013, 3, 1)), "other");

		assertRefused(() -> intake.submit(different), ReportRefused.Reason.INTAKE_KEY_REUSED);
		assertThat(triage.received()).isEqualTo(1);
	}

	@Test
	void twoIdenticalReportsAtTheSameMomentMakeOneReport() throws Exception {
		SubmitReport report = report("hospital-01", "ws-001", "key-race", girlBorn(2013, 3, 1));
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Callable<IntakeOutcome>> sends = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				sends.add(() -> intake.submit(report));
			}
			List<IntakeOutcome> outcomes = new ArrayList<>();
			for (Future<IntakeOutcome> f : pool.invokeAll(sends)) {
				outcomes.add(f.get());
			}
			assertThat(outcomes).extracting(IntakeOutcome::report).containsOnly(outcomes.get(0).report());
			assertThat(outcomes).filteredOn(IntakeOutcome::created).hasSize(1);
			assertThat(triage.received()).isEqualTo(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aWorkstationOfAnotherHospitalIsRefused() {
		assertRefused(() -> intake.submit(report("hospital-02", "ws-001", "key-1", girlBorn(2013, 3, 1))),
				ReportRefused.Reason.WORKSTATION_OF_ANOTHER_HOSPITAL);
		assertRefused(() -> intake.submit(report("hospital-01", "ws-999", "key-1", girlBorn(2013, 3, 1))),
				ReportRefused.Reason.UNKNOWN_WORKSTATION);
		assertRefused(() -> intake.submit(report("hospital-99", "ws-001", "key-1", girlBorn(2013, 3, 1))),
				ReportRefused.Reason.UNKNOWN_HOSPITAL);
		assertThat(triage.received()).isZero();
		assertThat(published).isEmpty();
	}

	@Test
	void onlyMinorsAreReportedAndTheEighteenthBirthdayStillCounts() {
		Child eighteenToday = girlBorn(2008, 11, 20);
		Child eighteenYesterday = girlBorn(2008, 11, 19);

		assertThat(intake.submit(report("hospital-01", "ws-001", "key-1", eighteenToday)).created()).isTrue();
		assertRefused(() -> intake.submit(report("hospital-01", "ws-001", "key-2", eighteenYesterday)),
				ReportRefused.Reason.NOT_A_MINOR);
	}

	// The situations declared and those the rules find

	@Test
	void aSituationTheRulesFindButTheHospitalDidNotDeclareIsAMismatchNotARefusal() {
		SubmitReport declaredS9 = withCodes(report("hospital-01", "ws-001", "key-1", girlBorn(2013, 3, 1)),
				Set.of(Situation.S9), icd10("O03.9"));

		IntakeOutcome outcome = intake.submit(declaredS9);

		assertThat(outcome.created()).isTrue();
		SituationCheck check = triage.report(LONGWAN_INTAKE, outcome.report()).situationCheck();
		assertThat(check.assessed()).isTrue();
		assertThat(check.rulesVersion()).isEqualTo(ReportabilityTests.SHIPPED.version());
		assertThat(check.found()).containsExactly(new FoundSituation(Situation.S2, Strength.MUST_REPORT));
		assertThat(check.undeclared()).containsExactly(Situation.S2);
		assertThat(check.unconfirmed()).as("S9 has rules, the codes were read, none found it")
			.containsExactly(Situation.S9);
		assertThat(check.mismatch()).isTrue();
		assertThat(triage.queue(LONGWAN_INTAKE)).singleElement()
			.satisfies(item -> assertThat(item.situationCheck()).isEqualTo(check));
	}

	@Test
	void theSituationsDeclaredAsTheRulesFindThemAreNoMismatch() {
		IntakeOutcome outcome = intake.submit(withCodes(report("hospital-01", "ws-001", "key-1", girlBorn(2013, 3, 1)),
				Set.of(Situation.S2), icd10("O03")));

		SituationCheck check = triage.queue(LONGWAN_INTAKE).get(0).situationCheck();
		assertThat(check.found()).containsExactly(new FoundSituation(Situation.S2, Strength.MUST_REPORT));
		assertThat(check.undeclared()).isEmpty();
		assertThat(check.unconfirmed()).isEmpty();
		assertThat(check.mismatch()).isFalse();
		assertThat(triage.report(LONGWAN_INTAKE, outcome.report()).situationCheck()).isEqualTo(check);
	}

	@Test
	void withoutACodeTheRulesCanReadNothingDeclaredIsUnconfirmed() {
		IntakeOutcome noCodes = intake.submit(withCodes(report("hospital-01", "ws-001", "key-1", girlBorn(2013, 3, 1)),
				Set.of(Situation.S9)));
		IntakeOutcome unreadable = intake.submit(withCodes(report("hospital-01", "ws-001", "key-2", girlBorn(2013, 3, 1)),
				Set.of(Situation.S4), new ClinicalCode("http://snomed.info/sct", "95928000", "Condition/1"),
				new ClinicalCode(ReportabilityTests.ICD10, "not a code", "Condition/2")));

		for (IntakeOutcome outcome : List.of(noCodes, unreadable)) {
			SituationCheck check = triage.report(LONGWAN_INTAKE, outcome.report()).situationCheck();
			assertThat(check.assessed()).isTrue();
			assertThat(check.found()).isEmpty();
			assertThat(check.unconfirmed()).isEmpty();
			assertThat(check.mismatch()).isFalse();
			// and intake can tell "nothing to check" from "the rules agree"
			assertThat(check.checked()).isEmpty();
		}
	}

	@Test
	void aSituationNoRuleCoversIsNeverUnconfirmedButOneARuleCoversIs() {
		IntakeOutcome missing = intake.submit(withCodes(report("hospital-01", "ws-001", "key-1", girlBorn(2013, 3, 1)),
				Set.of(Situation.S7), icd10("J06.9")));
		IntakeOutcome injured = intake.submit(withCodes(report("hospital-01", "ws-001", "key-2", girlBorn(2013, 3, 1)),
				Set.of(Situation.S7, Situation.S4), icd10("J06.9")));

		SituationCheck s7 = triage.report(LONGWAN_INTAKE, missing.report()).situationCheck();
		assertThat(s7.found()).isEmpty();
		assertThat(s7.mismatch()).isFalse();
		assertThat(triage.report(LONGWAN_INTAKE, injured.report()).situationCheck().unconfirmed())
			.containsExactly(Situation.S4);
	}

	@Test
	void theReportKeepsWhatTheRulesFoundButNeitherTheCodesNorTheEvidence() {
		intake.submit(withCodes(report("hospital-01", "ws-001", "key-1", girlBorn(2013, 3, 1)), Set.of(Situation.S9),
				icd10("O03.9")));

		Document stored = store.mongo.getCollection("reports").find().first();
		Document assessment = stored.get("assessment", Document.class);
		assertThat(assessment.keySet()).containsExactlyInAnyOrder("rulesVersion", "found", "checked");
		assertThat(assessment.getList("found", Document.class)).singleElement()
			.satisfies(found -> assertThat(found).containsEntry("situation", "S2").containsEntry("strength", "MUST_REPORT")
				.hasSize(2));
		PersonalDataEncryption.FIELDS.get("reports").forEach(stored::remove);
		assertThat(stored.toJson()).doesNotContain("O03").doesNotContain("S2-pregnancy");
	}

	@Test
	void aResendIsNotAssessedAgain() {
		AtomicInteger assessments = new AtomicInteger();
		ReportIntake counted = intakeWith(new Reportability(new DefaultResourceLoader(), RULES) {
			@Override
			public Assessment assess(ClinicalFacts facts) {
				assessments.incrementAndGet();
				return super.assess(facts);
			}
		});
		SubmitReport report = withCodes(report("hospital-01", "ws-001", "key-1", girlBorn(2013, 3, 1)),
				Set.of(Situation.S2), icd10("O03"));

		counted.submit(report);
		counted.submit(report);

		assertThat(assessments).hasValue(1);
	}

	@Test
	void anAssessmentThatFailsNeverCostsTheReportAndLogsNoPersonalData(CapturedOutput output) {
		ReportIntake failing = intakeWith(new Reportability(new DefaultResourceLoader(), RULES) {
			@Override
			public Assessment assess(ClinicalFacts facts) {
				throw new IllegalStateException("rule broke on O03.9 of 王小红 born " + facts.birthDate());
			}
		});

		IntakeOutcome outcome = failing.submit(withCodes(report("hospital-01", "ws-001", "key-1", girlBorn(2013, 3, 1)),
				Set.of(Situation.S9), icd10("O03.9")));

		assertThat(outcome.created()).isTrue();
		assertThat(triage.report(LONGWAN_INTAKE, outcome.report()).situationCheck())
			.isEqualTo(SituationCheck.NOT_ASSESSED)
			.satisfies(check -> assertThat(check.mismatch()).isFalse());
		assertThat(triage.queue(LONGWAN_INTAKE)).singleElement()
			.satisfies(item -> assertThat(item.situationCheck().assessed()).isFalse());
		assertThat(output.getAll()).contains("WARN", outcome.report().value(), "without a reportability assessment")
			.doesNotContain("O03")
			.doesNotContain("王小红")
			.doesNotContain("2013-03-01");
	}

	@Test
	void aReportStoredBeforeAssessmentsReadsAsNotAssessed() {
		IntakeOutcome outcome = intake.submit(withCodes(report("hospital-01", "ws-001", "key-1", girlBorn(2013, 3, 1)),
				Set.of(Situation.S9), icd10("O03.9")));
		store.mongo.getCollection("reports")
			.updateMany(new Document(), new Document("$unset", new Document("assessment", "")));

		assertThat(triage.report(LONGWAN_INTAKE, outcome.report()).situationCheck())
			.isEqualTo(SituationCheck.NOT_ASSESSED);
		assertThat(triage.queue(LONGWAN_INTAKE)).singleElement()
			.satisfies(item -> assertThat(item.situationCheck().mismatch()).isFalse());
	}

	private static final String RULES = "classpath:reportability/rules.json";

	private ReportIntake intakeWith(Reportability reportability) {
		return new ReportIntake(reports, referenceData, attachments, reporters, store.keys, audit, reportability,
				published::add, Optional.empty());
	}

	private static ClinicalCode icd10(String code) {
		return new ClinicalCode(ReportabilityTests.ICD10, code, "Condition/" + code);
	}

	private static SubmitReport withCodes(SubmitReport r, Set<Situation> declared, ClinicalCode... codes) {
		return new SubmitReport(r.hospital(), r.workstation(), r.intakeKey(), r.payloadDigest(), r.child(), r.reporter(),
				declared, r.urgency(), r.encounterDate(), r.summary(), r.subjectReference(), r.attachments(),
				List.of(codes));
	}

	private static void assertRefused(Runnable submit, ReportRefused.Reason reason) {
		assertThatThrownBy(submit::run).isInstanceOfSatisfying(ReportRefused.class,
				refused -> assertThat(refused.reason()).isEqualTo(reason));
	}

	private static void hospital(ReferenceData referenceData, String hospital, String jurisdiction,
			String workstation) {
		referenceData.register(new Hospital(new HospitalId(hospital), hospital, new JurisdictionId(jurisdiction)));
		referenceData.register(new Workstation(new WorkstationId(workstation), new HospitalId(hospital)));
	}

	private static Child girlBorn(int year, int month, int day) {
		return new Child("王", "小红", LocalDate.of(year, month, day), Sex.FEMALE, null);
	}

	private static SubmitReport report(String hospital, String workstation, String key, Child child) {
		return new SubmitReport(new HospitalId(hospital), new WorkstationId(workstation),
				new IntakeKey("urn:example:his", key), "digest-" + key, child,
				new Reporter("李医生", "urn:example:staff", "D-1"), Set.of(Situation.S2), Urgency.IMMEDIATE_DANGER,
				ENCOUNTER, null, "urn:uuid:patient-1");
	}

	private static SubmitReport withAttachments(SubmitReport r, List<AttachmentContent> attachments) {
		return new SubmitReport(r.hospital(), r.workstation(), r.intakeKey(), r.payloadDigest(), r.child(), r.reporter(),
				r.situations(), r.urgency(), r.encounterDate(), r.summary(), r.subjectReference(), attachments);
	}

	private static SubmitReport withDigest(SubmitReport r, String digest) {
		return new SubmitReport(r.hospital(), r.workstation(), r.intakeKey(), digest, r.child(), r.reporter(),
				r.situations(), r.urgency(), r.encounterDate(), r.summary(), r.subjectReference());
	}
}
