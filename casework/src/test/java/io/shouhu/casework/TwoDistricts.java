package io.shouhu.casework;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.core.io.DefaultResourceLoader;

/**
 * Two procuratorates and their staff, with every casework service wired on a real in-memory store,
 * at a time the test moves: 龙湾 ({@code longwan}, case numbers {@code LW-…}) with two hospitals, and
 * 瓯海 ({@code ouhai}, {@code OU-…}) with one.
 */
final class TwoDistricts implements AutoCloseable {

	static final JurisdictionId LONGWAN = new JurisdictionId("longwan");

	static final JurisdictionId OUHAI = new JurisdictionId("ouhai");

	static final HospitalId HOSPITAL_01 = new HospitalId("hospital-01");

	static final HospitalId HOSPITAL_02 = new HospitalId("hospital-02");

	static final HospitalId HOSPITAL_12 = new HospitalId("hospital-12");

	static final LocalDate ENCOUNTER = LocalDate.of(2026, 11, 20);

	/** 10:00 in Wenzhou on the encounter date. */
	static final Instant MORNING = Instant.parse("2026-11-20T02:00:00Z");

	static final Actor INTAKE = staff("intake", LONGWAN, Role.INTAKE);

	static final Actor PROSECUTOR = staff("prosecutor", LONGWAN, Role.PROSECUTOR);

	static final Actor PROSECUTOR_2 = staff("prosecutor-2", LONGWAN, Role.PROSECUTOR);

	static final Actor SUPERVISOR = staff("supervisor", LONGWAN, Role.SUPERVISOR);

	static final Actor SOCIAL_WORKER = staff("social-worker", LONGWAN, Role.SOCIAL_WORKER);

	static final Actor SOCIAL_WORKER_2 = staff("social-worker-2", LONGWAN, Role.SOCIAL_WORKER);

	static final Actor PSYCHOLOGIST = staff("psychologist", LONGWAN, Role.PSYCHOLOGIST);

	static final Actor AID_OFFICER = staff("aid-officer", LONGWAN, Role.AID_OFFICER);

	static final Actor PROSECUTOR_B = staff("prosecutor-b", OUHAI, Role.PROSECUTOR);

	static final Actor SUPERVISOR_B = staff("supervisor-b", OUHAI, Role.SUPERVISOR);

	static final Actor SOCIAL_WORKER_B = staff("social-worker-b", OUHAI, Role.SOCIAL_WORKER);

	static final List<Actor> STAFF = List.of(INTAKE, PROSECUTOR, PROSECUTOR_2, SUPERVISOR, SOCIAL_WORKER,
			SOCIAL_WORKER_2, PSYCHOLOGIST, AID_OFFICER, PROSECUTOR_B, SUPERVISOR_B, SOCIAL_WORKER_B);

	/** One in-memory server for all districts of a test run, emptied for each: starting one costs more than a test. */
	private static final CaseworkStore SHARED = new CaseworkStore();

	final CaseworkStore store = SHARED;

	final MovableClock clock = new MovableClock(MORNING);

	final List<Object> published = new CopyOnWriteArrayList<>();

	final ReferenceData referenceData;

	final Reports reports;

	final Cases cases;

	final Attachments attachments;

	final CaseNumbers numbers;

	final Playbooks playbooks;

	final CaseFeedback feedback;

	final ReportIntake intake;

	final TriageDecisions decisions;

	final CaseManagement management;

	final CaseworkSweeps sweeps;

	final AuditTrail auditTrail;

	final Audit audit;

	final ReporterIdentity reporterIdentity;

	final CaseNotices notices;

	private final AtomicInteger sent = new AtomicInteger();

	TwoDistricts() {
		this("classpath:playbooks/playbook.json", false);
	}

	/**
	 * The districts as the embedded store deployment runs them: the case list answered from memory, and
	 * the reports the casework sweep must look at found from memory, the store having no index for them.
	 */
	static TwoDistricts withCaseListInMemory() {
		return new TwoDistricts("classpath:playbooks/playbook.json", true);
	}

	/** The districts with the playbook at a Spring resource location, as {@code shouhu.casework.playbook} names it. */
	TwoDistricts(String playbook) {
		this(playbook, false);
	}

	private TwoDistricts(String playbook, boolean caseListInMemory) {
		store.mongo.getDb().drop();
		referenceData = new ReferenceData(store.mongo);
		referenceData.register(new Jurisdiction(LONGWAN, "龙湾区人民检察院", "LW"));
		referenceData.register(new Jurisdiction(OUHAI, "瓯海区人民检察院", "OU"));
		hospital(HOSPITAL_01, LONGWAN);
		hospital(HOSPITAL_02, LONGWAN);
		hospital(HOSPITAL_12, OUHAI);
		STAFF.forEach(actor -> referenceData.register(new StaffMember(actor.user(), actor.jurisdiction(), actor.roles())));
		reports = new Reports(store.mongo, !caseListInMemory);
		cases = new Cases(store.mongo, caseListInMemory);
		numbers = new CaseNumbers(store.mongo);
		playbooks = new Playbooks(new DefaultResourceLoader(), playbook);
		auditTrail = new AuditTrail(store.mongo, false, Optional.of(clock));
		audit = new Audit(auditTrail, reports, cases);
		feedback = new CaseFeedback(reports, cases, audit, Optional.of(clock));
		attachments = new Attachments(store.gridFs, store.mongo, store.keys);
		intake = new ReportIntake(reports, referenceData, attachments,
				new SealedReporters(store.mongo), store.keys, audit, ReportabilityTests.SHIPPED, published::add,
				Optional.of(clock));
		notices = new CaseNotices(cases, published::add);
		decisions = new TriageDecisions(reports, cases, numbers, referenceData, playbooks, audit, notices,
				published::add, Optional.of(clock));
		management = managementOver(cases);
		reporterIdentity = new ReporterIdentity(reports, new SealedReporters(store.mongo), cases, audit,
				Optional.of(clock));
		sweeps = new CaseworkSweeps(reports, cases, decisions, feedback, notices, published::add);
	}

	/** Case management over another view of the same store, e.g. one that injects a concurrent change. */
	CaseManagement managementOver(Cases someCases) {
		return new CaseManagement(someCases, reports, attachments, numbers, referenceData, feedback, audit,
				new CaseNotices(someCases, published::add),
				Optional.of(clock));
	}

	// Children

	/** 王小红, 13 on the encounter date, with a national ID number. */
	static Child aGirlOf13() {
		return new Child("王", "小红", LocalDate.of(2013, 3, 1), Sex.FEMALE, "330303201303010025");
	}

	/** 陈小明, 9, without a national ID number. */
	static Child aBoyOf9() {
		return new Child("陈", "小明", LocalDate.of(2017, 5, 10), Sex.MALE, null);
	}

	static Child aChild(String family, String given, LocalDate born, Sex sex, String nationalId) {
		return new Child(family, given, born, sex, nationalId);
	}

	// Reports

	/** An urgent report from hospital-01 (龙湾). */
	ReportId reported(Child child, Situation... situations) {
		return reported(HOSPITAL_01, child, Urgency.URGENT, situations);
	}

	ReportId reported(Child child, Urgency urgency, Situation... situations) {
		return reported(HOSPITAL_01, child, urgency, situations);
	}

	ReportId reported(HospitalId hospital, Child child, Urgency urgency, Situation... situations) {
		int n = sent.incrementAndGet();
		String workstation = switch (hospital.value()) {
			case "hospital-01" -> "ws-001";
			case "hospital-02" -> "ws-013";
			default -> "ws-124";
		};
		return intake
			.submit(new SubmitReport(hospital, new WorkstationId(workstation), new IntakeKey("urn:example:his", "key-" + n),
					"digest-" + n, child, new Reporter("李医生", "urn:example:staff", "D-1"),
					EnumSet.copyOf(Arrays.asList(situations)), urgency, ENCOUNTER, "检查所见", "urn:uuid:patient-" + n))
			.report();
	}

	// Triage

	/** Accepted by intake with {@code prosecutor} as lead. */
	CaseId accepted(ReportId report) {
		return decisions.accept(INTAKE, report, report(report).version(), PROSECUTOR.user());
	}

	CaseId acceptedWithoutLead(ReportId report) {
		return decisions.accept(INTAKE, report, report(report).version(), null);
	}

	/** A report of an ouhai hospital, accepted there by its supervisor. */
	CaseId anOuhaiCaseFor(Child child, Situation... situations) {
		ReportId report = reported(HOSPITAL_12, child, Urgency.URGENT, situations);
		return decisions.accept(SUPERVISOR_B, report, report(report).version(), PROSECUTOR_B.user());
	}

	Report report(ReportId id) {
		return reports.byId(id).orElseThrow();
	}

	/** What the reporting hospital sees of its report. */
	ReportStatusView hospitalView(ReportId id) {
		return intake.status(report(id).hospital(), id).orElseThrow();
	}

	ReportStatus hospitalSees(ReportId id) {
		return hospitalView(id).status();
	}

	// Cases

	Case kase(CaseId id) {
		return cases.byId(id).orElseThrow();
	}

	CaseDetails details(CaseId id) {
		return kase(id).details(clock.instant());
	}

	long version(CaseId id) {
		return kase(id).version();
	}

	TaskDetails task(CaseId id, String kind) {
		return details(id).tasks().stream().filter(t -> t.kind().equals(kind)).findFirst().orElseThrow();
	}

	/** The lead marks every unfinished track not needed, cancelling what is still pending. */
	void finishEveryTrack(CaseId id) {
		for (TrackDetails track : details(id).tracks()) {
			if (!track.status().finished()) {
				management.trackNotNeeded(PROSECUTOR, id, version(id), track.type(), "已由其他机构处理");
			}
		}
	}

	/** Lead asks, supervisor approves. */
	void closed(CaseId id) {
		finishEveryTrack(id);
		management.requestClosure(PROSECUTOR, id, version(id));
		management.approveClosure(SUPERVISOR, id, version(id));
	}

	<T> List<T> published(Class<T> type) {
		return published.stream().filter(type::isInstance).map(type::cast).toList();
	}

	private void hospital(HospitalId hospital, JurisdictionId jurisdiction) {
		referenceData.register(new Hospital(hospital, hospital.value(), jurisdiction));
		String workstation = switch (hospital.value()) {
			case "hospital-01" -> "ws-001";
			case "hospital-02" -> "ws-013";
			default -> "ws-124";
		};
		referenceData.register(new Workstation(new WorkstationId(workstation), hospital));
	}

	private static Actor staff(String user, JurisdictionId jurisdiction, Role role) {
		return new Actor(new UserId(user), jurisdiction, java.util.Set.of(role));
	}

	/** Leaves the shared store to the next districts, which empty it. */
	@Override
	public void close() {
	}
}
