package io.shouhu.casework;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.data.mongodb.core.convert.DefaultDbRefResolver;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

/**
 * The embedded store of the case-list benchmark: mongo-java-server with the H2 backend (the engine
 * the server's embedded store uses, {@code io.shouhu.storage.EmbeddedStoreConfiguration}) on a fresh
 * file, listening on 127.0.0.1 in the bench's JVM, and a {@link MongoTemplate} with casework's
 * conversions (as {@code CaseworkStore} in casework's tests) that seeds it with cases and their source
 * reports built through the real factories and transitions ({@link Report#receive}, {@link Case#open},
 * {@link Case#recordMilestone}, {@link Case#completeTask}, ...) with a clock passed in.
 */
final class CaseSeeder implements AutoCloseable {

	static final JurisdictionId LONGWAN = new JurisdictionId("longwan");

	static final JurisdictionId OUHAI = new JurisdictionId("ouhai");

	private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

	/** Workstations per Longwan hospital 01–11, as in {@code io.shouhu.demo.DemoReferenceData}. */
	private static final int[] LONGWAN_WORKSTATIONS = { 12, 12, 11, 11, 11, 11, 11, 11, 11, 11, 11 };

	private static final String[] FAMILY = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "胡",
			"朱", "高", "林", "何", "郭", "马", "罗" };

	private static final String[] GIVEN = { "小雨", "欣怡", "梓涵", "子轩", "浩然", "一诺", "雨桐", "思远", "佳怡", "宇航",
			"诗涵", "俊杰", "可馨", "明轩", "若曦", "天佑" };

	private static final Duration TEN_YEARS = Duration.ofDays(3653);

	private static final int BATCH = 1000;

	private final Path dir;

	private final MongoServer server;

	private final MongoClient client;

	final MongoTemplate mongo;

	/** The keys the seeded personal data is encrypted with, in {@code keyset.json} beside the store. */
	final PersonalDataKeys keys;

	private final InetSocketAddress address;

	CaseSeeder(Path dir) {
		this.dir = dir;
		this.server = new MongoServer(new H2Backend(dir.resolve("shouhu.mv").toString()));
		server.bind("127.0.0.1", 0);
		this.address = server.getLocalAddress();
		this.client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
		SimpleMongoClientDatabaseFactory factory = new SimpleMongoClientDatabaseFactory(client, "shouhu");
		MongoCustomConversions conversions = new MongoCustomConversions(List.copyOf(CaseworkConversions.all()));
		MongoMappingContext mapping = new MongoMappingContext();
		mapping.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
		mapping.afterPropertiesSet();
		MappingMongoConverter converter = new MappingMongoConverter(new DefaultDbRefResolver(factory), mapping);
		converter.setCustomConversions(conversions);
		converter.afterPropertiesSet();
		this.mongo = new MongoTemplate(factory, converter);
		// Personal data encrypted as the server writes it, with a keyset the server is started with.
		this.keys = PersonalDataKeys.generate(dir.resolve("keyset.json"));
		org.springframework.context.support.GenericApplicationContext listeners = new org.springframework.context.support.GenericApplicationContext();
		listeners.registerBean(PersonalDataEncryption.class, () -> new PersonalDataEncryption(keys));
		listeners.refresh();
		this.mongo.setApplicationContext(listeners);
	}

	/** The keyset file the server must read the seeded store with. */
	Path keysetFile() {
		return dir.resolve("keyset.json");
	}

	/** The URI the server is started with. */
	String uri() {
		return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/shouhu";
	}

	/** Size of the store's files, in MB. */
	double fileMb() {
		try (Stream<Path> files = Files.walk(dir)) {
			return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum() / (1024.0 * 1024.0);
		}
		catch (IOException | UncheckedIOException ex) {
			return Double.NaN;
		}
	}

	/** What seeding made and what it took. */
	static final class Seeded {

		int cases;

		final List<String> longwanIds = new ArrayList<>();

		final int[] status = new int[CaseStatus.values().length];

		final int[] urgency = new int[Urgency.values().length];

		int ouhai;

		int withOverdue;

		int ledByProsecutor;

		int updatedLast30Days;

		int criminalActive;

		int milestones;

		int tasks;

		int timelineEntries;

		int refusedTransitions;

		double buildSeconds;

		double insertSeconds;

		long caseBytesSample;

		double seconds() {
			return buildSeconds + insertSeconds;
		}

		String mix() {
			int n = Math.max(1, cases);
			return String.format(Locale.ROOT,
					"%d cases (%d longwan, %d ouhai); status open %.0f%% / closing %.0f%% / closed %.0f%%; urgency "
							+ "immediate-danger %.0f%% / urgent %.0f%% / routine %.0f%%; %.0f%% with an overdue task; "
							+ "%.0f%% led by `prosecutor`; %.0f%% changed in the last 30 days; criminal track active in %.0f%%; "
							+ "%.1f tasks, %.1f milestones, %.1f timeline entries per case",
					cases, cases - ouhai, ouhai, pct(status[CaseStatus.OPEN.ordinal()], n),
					pct(status[CaseStatus.CLOSING.ordinal()], n), pct(status[CaseStatus.CLOSED.ordinal()], n),
					pct(urgency[Urgency.IMMEDIATE_DANGER.ordinal()], n), pct(urgency[Urgency.URGENT.ordinal()], n),
					pct(urgency[Urgency.ROUTINE.ordinal()], n), pct(withOverdue, n), pct(ledByProsecutor, n),
					pct(updatedLast30Days, n), pct(criminalActive, n), (double) tasks / n, (double) milestones / n,
					(double) timelineEntries / n);
		}

		private static double pct(int part, int whole) {
			return part * 100.0 / whole;
		}
	}

	/** Seeds {@code count} cases, each with its source report, in batches of {@value #BATCH}. */
	Seeded seed(int count, long seed, Instant now, java.util.function.IntConsumer progress) {
		Playbook playbook = Playbooks.read(new ClassPathResource("playbooks/playbook.json"));
		SplittableRandom random = new SplittableRandom(seed);
		Seeded seeded = new Seeded();
		List<Report> reports = new ArrayList<>(BATCH);
		List<Case> cases = new ArrayList<>(BATCH);
		int[] perYear = new int[3000];
		for (int i = 0; i < count; i++) {
			long t0 = System.nanoTime();
			one(i, random, playbook, now, perYear, reports, cases, seeded);
			long t1 = System.nanoTime();
			seeded.buildSeconds += (t1 - t0) / 1e9;
			if (reports.size() >= BATCH || i == count - 1) {
				mongo.insertAll(reports);
				mongo.insertAll(cases);
				seeded.insertSeconds += (System.nanoTime() - t1) / 1e9;
				reports.clear();
				cases.clear();
				progress.accept(i + 1);
			}
		}
		seeded.cases = count;
		return seeded;
	}

	private void one(int i, SplittableRandom r, Playbook playbook, Instant now, int[] perYear, List<Report> reports,
			List<Case> cases, Seeded s) {
		boolean ouhai = r.nextInt(100) < 5;
		JurisdictionId jurisdiction = ouhai ? OUHAI : LONGWAN;
		int hospital = ouhai ? 12 : 1 + r.nextInt(11);
		int workstation = ouhai ? 124 + r.nextInt(2) : workstationOf(hospital, r);
		Instant opened = now.minusMillis(r.nextLong(TEN_YEARS.toMillis())).truncatedTo(ChronoUnit.MILLIS);
		Instant received = opened.minus(Duration.ofMinutes(5 + r.nextInt(600)));
		LocalDate encounter = LocalDate.ofInstant(received, SHANGHAI);

		Set<Situation> situations = EnumSet.of(Situation.values()[r.nextInt(9)]);
		if (r.nextInt(4) == 0) {
			situations.add(Situation.values()[r.nextInt(9)]);
		}
		int u = r.nextInt(100);
		Urgency urgency = u < 10 ? Urgency.IMMEDIATE_DANGER : u < 40 ? Urgency.URGENT : Urgency.ROUTINE;
		Sex sex = r.nextInt(100) < 62 ? Sex.FEMALE : Sex.MALE;
		LocalDate birth = encounter.minusDays(365L * 2 + r.nextInt(365 * 15));
		String nationalId = r.nextInt(100) < 80
				? String.format(Locale.ROOT, "3303%02d%s%03d%d", 1 + r.nextInt(30),
						birth.toString().replace("-", ""), r.nextInt(1000), r.nextInt(10))
				: null;
		Child child = new Child(FAMILY[r.nextInt(FAMILY.length)], GIVEN[r.nextInt(GIVEN.length)], birth, sex,
				nationalId);
		ReportId reportId = new ReportId(uuid(r));
		SubmitReport command = new SubmitReport(new HospitalId(String.format(Locale.ROOT, "hospital-%02d", hospital)),
				new WorkstationId(String.format(Locale.ROOT, "ws-%03d", workstation)),
				new IntakeKey("urn:ietf:rfc:3986", "urn:uuid:" + uuid(r)), "sha256-" + Long.toHexString(r.nextLong()),
				child, null, situations, urgency, encounter,
				"就诊时发现多处软组织挫伤，陈述不清，疑似受到侵害；已做初步处理并留院观察。", "urn:uuid:" + uuid(r));
		Report report = Report.receive(reportId, command, ChildKeys.of(child, keys), jurisdiction, List.of(), received);

		UserId supervisor = new UserId(ouhai ? "supervisor-b" : "supervisor");
		UserId lead = lead(ouhai, r);
		CaseId caseId = CaseId.openedBy(reportId);
		int year = LocalDate.ofInstant(opened, SHANGHAI).getYear();
		String number = String.format(Locale.ROOT, "%s-%d-%06d", ouhai ? "OH" : "LW", year,
				++perYear[(ouhai ? 1500 : 0) + (year - 2000) % 1500]);
		report.accept(caseId, number, lead, supervisor, opened);
		report.caseLinked();
		Case kase = Case.open(caseId, number, report, lead, playbook, supervisor, opened);

		int st = r.nextInt(100);
		CaseStatus target = st < 70 ? CaseStatus.OPEN : st < 75 ? CaseStatus.CLOSING : CaseStatus.CLOSED;
		Progress p = new Progress(kase, r, now, lead != null ? lead : supervisor, s);
		long ageDays = Duration.between(opened, now).toDays();
		if (target == CaseStatus.OPEN) {
			p.work(ageDays > 60 ? 0.93 : ageDays > 7 ? 0.6 : 0.2, r.nextInt(6));
			if (r.nextInt(100) < 12) {
				// an older case someone looked at lately
				p.at(now.minus(Duration.ofMinutes(r.nextLong(30L * 24 * 60))));
				p.apply(() -> kase.comment("电话回访监护人，情况稳定。", null, p.by, p.t));
			}
		}
		else {
			p.work(1.0, 3 + r.nextInt(3));
			p.finishAll();
			p.apply(() -> kase.requestClosure(p.by, p.next()));
			if (target == CaseStatus.CLOSED) {
				p.apply(() -> kase.approveClosure(supervisor, p.next()));
			}
		}
		// Historical progress was shown on the source report long ago: nothing pending for the sweep.
		report.advanceTo(kase.feedback, kase.updatedAt);
		kase.feedbackDelivered();
		kase.drainEvents();

		reports.add(report);
		cases.add(kase);
		s.status[kase.status.ordinal()]++;
		s.urgency[kase.urgency.ordinal()]++;
		if (ouhai) {
			s.ouhai++;
		}
		else {
			s.longwanIds.add(kase.id);
		}
		if (lead != null && lead.value().equals("prosecutor")) {
			s.ledByProsecutor++;
		}
		if (kase.tasks.stream().anyMatch(t -> t.status.pending() && t.due.isBefore(now))) {
			s.withOverdue++;
		}
		if (!kase.updatedAt.isBefore(now.minus(Duration.ofDays(30)))) {
			s.updatedLast30Days++;
		}
		if (kase.track(TrackType.CRIMINAL).status == TrackStatus.ACTIVE) {
			s.criminalActive++;
		}
		s.tasks += kase.tasks.size();
		s.milestones += kase.tracks.stream().mapToInt(t -> t.milestones.size()).sum();
		s.timelineEntries += kase.timeline.size();
	}

	/** Applies transitions at increasing times after the case opened, never after {@code now}. */
	private static final class Progress {

		final Case kase;

		final SplittableRandom r;

		final Instant now;

		final UserId by;

		final Seeded s;

		Instant t;

		Progress(Case kase, SplittableRandom r, Instant now, UserId by, Seeded s) {
			this.kase = kase;
			this.r = r;
			this.now = now;
			this.by = by;
			this.s = s;
			this.t = kase.openedAt;
		}

		/** The next moment: an hour to six days later, at most now. */
		Instant next() {
			t = t.plus(Duration.ofMinutes(60 + r.nextInt(6 * 24 * 60)));
			if (t.isAfter(now)) {
				t = now;
			}
			return t;
		}

		void at(Instant when) {
			t = when;
		}

		boolean inPast() {
			return next().isBefore(now);
		}

		void apply(Runnable transition) {
			try {
				transition.run();
			}
			catch (RuntimeException ex) {
				s.refusedTransitions++;
			}
		}

		/** Records up to {@code depth} milestones per active track and completes each task with {@code done}. */
		void work(double done, int depth) {
			for (Track track : List.copyOf(kase.tracks)) {
				if (track.status != TrackStatus.ACTIVE) {
					continue;
				}
				for (Milestone m : path(track.type, depth)) {
					if (!inPast()) {
						return;
					}
					MilestoneDetail detail = switch (m.detail()) {
						case NONE -> MilestoneDetail.NONE;
						case TEXT -> new MilestoneDetail("判处有期徒刑三年", null, null);
						case SUIT_TYPE -> new MilestoneDetail(null, SuitType.values()[r.nextInt(SuitType.values().length)],
								null);
						case AMOUNT -> new MilestoneDetail(null, null, 5000L + r.nextInt(50000));
					};
					apply(() -> kase.recordMilestone(m, detail, by, t));
				}
			}
			for (CaseTask task : List.copyOf(kase.tasks)) {
				if (task.status.pending() && r.nextDouble() < done && inPast()) {
					UserId worker = task.assignee != null ? task.assignee : new UserId(task.team.code() + "-1");
					apply(() -> kase.completeTask(TaskId.of(kase.id(), task.number), "已完成", worker, t));
				}
			}
		}

		private List<Milestone> path(TrackType type, int depth) {
			List<Milestone> path = switch (type) {
				case CRIMINAL -> r.nextInt(5) == 0
						? List.of(Milestone.REFERRED_TO_POLICE, Milestone.POLICE_ACCEPTED, Milestone.CASE_NOT_FILED)
						: List.of(Milestone.REFERRED_TO_POLICE, Milestone.POLICE_ACCEPTED, Milestone.CASE_FILED,
								Milestone.ARREST_APPROVED, Milestone.PROSECUTED, Milestone.JUDGMENT);
				case CIVIL_SUPPORT -> List.of(Milestone.SUPPORT_DECIDED, Milestone.SUIT_FILED, Milestone.SUIT_RESULT);
				case PSYCHOLOGICAL_AID -> List.of(Milestone.ASSESSED, Milestone.SESSION_HELD, Milestone.SESSION_HELD,
						Milestone.SESSION_HELD, Milestone.AID_CLOSED);
				case LEGAL_AID -> List.of(Milestone.LEGAL_AID_APPLIED, Milestone.LAWYER_ASSIGNED);
				case JUDICIAL_AID -> List.of(Milestone.JUDICIAL_AID_APPLIED, Milestone.JUDICIAL_AID_DECIDED,
						Milestone.AID_PAID);
				case PARENTING_GUIDANCE -> List.of(Milestone.GUARDIANSHIP_ORDER_ISSUED,
						Milestone.GUIDANCE_SESSIONS_COMPLETED);
			};
			return path.subList(0, Math.min(depth, path.size()));
		}

		/** Every task done, every track completed or found not needed. */
		void finishAll() {
			for (CaseTask task : List.copyOf(kase.tasks)) {
				if (task.status.pending()) {
					UserId worker = task.assignee != null ? task.assignee : new UserId(task.team.code() + "-1");
					apply(() -> kase.completeTask(TaskId.of(kase.id(), task.number), "已完成", worker, next()));
				}
			}
			for (Track track : List.copyOf(kase.tracks)) {
				if (track.status == TrackStatus.ACTIVE) {
					apply(() -> kase.completeTrack(track.type, by, next()));
				}
				else if (track.status == TrackStatus.NOT_STARTED) {
					apply(() -> kase.trackNotNeeded(track.type, "本案不涉及", by, t));
				}
			}
		}
	}

	private static UserId lead(boolean ouhai, SplittableRandom r) {
		if (ouhai) {
			return new UserId("prosecutor-b");
		}
		int l = r.nextInt(100);
		if (l < 3) {
			return null;
		}
		return new UserId(l < 40 ? "prosecutor" : "prosecutor-" + (2 + r.nextInt(5)));
	}

	private static int workstationOf(int hospital, SplittableRandom r) {
		int first = 1;
		for (int h = 1; h < hospital; h++) {
			first += LONGWAN_WORKSTATIONS[h - 1];
		}
		return first + r.nextInt(LONGWAN_WORKSTATIONS[hospital - 1]);
	}

	private static String uuid(SplittableRandom r) {
		return new java.util.UUID(r.nextLong(), r.nextLong()).toString();
	}

	private boolean closed;

	/** Closes the store and its file (so another process may open it); again does nothing. */
	@Override
	public void close() {
		if (closed) {
			return;
		}
		closed = true;
		client.close();
		server.shutdownNow();
	}
}
