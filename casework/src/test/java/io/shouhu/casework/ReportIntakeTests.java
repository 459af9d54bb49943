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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Taking in reports against a real store: exactly once, only from the right place, only minors. */
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

	@BeforeEach
	void longwanWithTwoHospitalsAndOuhaiWithOne() {
		store = new CaseworkStore();
		ReferenceData referenceData = new ReferenceData(store.mongo);
		referenceData.register(new Jurisdiction(new JurisdictionId("longwan"), "龙湾"));
		referenceData.register(new Jurisdiction(new JurisdictionId("ouhai"), "瓯海"));
		hospital(referenceData, "hospital-01", "longwan", "ws-001");
		hospital(referenceData, "hospital-02", "longwan", "ws-013");
		hospital(referenceData, "hospital-12", "ouhai", "ws-124");
		Reports reports = new Reports(store.mongo);
		Attachments attachments = new Attachments(store.gridFs, store.mongo, store.keys);
		reporters = new SealedReporters(store.mongo);
		Audit audit = new Audit(new AuditTrail(store.mongo, false, Optional.empty()), reports, new Cases(store.mongo, false));
		intake = new ReportIntake(reports, referenceData, attachments, reporters, store.keys, audit, published::add,
				Optional.empty());
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

		assertThat(again).isEqualTo(new IntakeOutcome(first.report(), false));
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

		assertThat(intake.submit(sameReportOnADefaultedLaterDate)).isEqualTo(new IntakeOutcome(first.report(), false));
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
