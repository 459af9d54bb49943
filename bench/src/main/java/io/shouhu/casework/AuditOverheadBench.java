package io.shouhu.casework;

import io.shouhu.bench.CommandLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import io.shouhu.bench.Bench;
import org.HdrHistogram.Histogram;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;

import static io.shouhu.bench.Bench.say;

/**
 * What writing the access-audit entry costs a read (issue: "must not slow a read by more than 2 ms at
 * p99"). In this JVM: a fresh mongo-java-server + H2 store on a temp file (the embedded store's engine,
 * as {@link CaseSeeder} starts it) with personal-data encryption registered on the template as in the
 * application, seeded with cases and their source reports; casework wired by hand as the application
 * wires it for the embedded store (reports and audit without secondary indexes, case list in memory).
 *
 * <p>Then closed loops at concurrency 8 of {@link CaseManagement#file(Actor, CaseId)} (the case detail)
 * and {@link Triage#report(Actor, ReportId)} on random Longwan cases / reports, each twice per round:
 * <b>a</b> with the real {@link Audit} over a real {@link AuditTrail}, <b>b</b> with an {@code Audit}
 * whose trail records nothing ({@link NoTrail}), alternating a, b, a, b to expose machine noise. The
 * latency of each call is {@code System.nanoTime()} around the call, into an HdrHistogram.
 */
public final class AuditOverheadBench {

	static final long SEED = 20261129L;

	static final double TARGET_P99_DIFF_MS = 2.0;

	static final Actor PROSECUTOR = new Actor(new UserId("prosecutor"), CaseSeeder.LONGWAN, Set.of(Role.PROSECUTOR));

	static final Actor SUPERVISOR = new Actor(new UserId("supervisor"), CaseSeeder.LONGWAN, Set.of(Role.SUPERVISOR));

	private AuditOverheadBench() {
	}

	/** An audit trail that records nothing: the "without audit" baseline. */
	static final class NoTrail extends AuditTrail {

		NoTrail(MongoTemplate mongo) {
			super(mongo, false, Optional.empty());
		}

		@Override
		void record(AuditEvent event) {
		}

		@Override
		void recordAll(List<AuditEvent> events) {
		}
	}

	enum Op {

		FILE("case detail `CaseManagement.file`"),
		REPORT("report `Triage.report`"),
		RECORD("`AuditTrail.record` alone");

		final String label;

		Op(String label) {
			this.label = label;
		}
	}

	enum Variant {

		AUDIT("a: audit"),
		NONE("b: no audit"),
		ALONE("trail only");

		final String label;

		Variant(String label) {
			this.label = label;
		}
	}

	// ------------------------------------------------------------------------------------------ options

	static final class Opts {

		static final String USAGE = """
				Usage: bash bench/audit.sh [options]

				  --cases N          cases (each with its source report) seeded into the store (default 1000)
				  --duration D       each measured closed-loop phase (default 20s); D is 20s, 2m, 500ms or seconds
				  --warmup D         warm-up before each measured phase, same call and variant (default 5s)
				  --concurrency N    closed-loop workers (default 8)
				  --rounds N         rounds of a, b per call (default 2: a, b, a, b)
				  --no-alone         skip the last phase (AuditTrail.record alone, without a read)
				  --keep-data        keep the store's temp directory
				""";

		int cases = 1000;

		Duration duration = Duration.ofSeconds(20);

		Duration warmup = Duration.ofSeconds(5);

		int concurrency = 8;

		int rounds = 2;

		boolean alone = true;

		boolean keep;

		final List<String> raw = new ArrayList<>();

		static Opts parse(String[] args) {
			Opts o = new Opts();
			o.raw.addAll(List.of(args));
			CommandLine.parse(args, USAGE, flag -> {
				switch (flag) {
					case "--keep-data" -> o.keep = true;
					case "--no-alone" -> o.alone = false;
					default -> {
						return false;
					}
				}
				return true;
			}, o::set);
			return o;
		}

		private void set(String name, String value) {
			switch (name) {
				case "--cases" -> {
					cases = Integer.parseInt(value.trim().replace("_", ""));
					if (cases < 10 || cases > 1_000_000) {
						throw new IllegalArgumentException("--cases must be 10..1000000");
					}
				}
				case "--duration" -> duration = CaseListBench.Opts.duration(value);
				case "--warmup" -> warmup = CaseListBench.Opts.duration(value);
				case "--concurrency" -> {
					concurrency = Integer.parseInt(value);
					if (concurrency < 1 || concurrency > 256) {
						throw new IllegalArgumentException("--concurrency must be 1..256");
					}
				}
				case "--rounds" -> {
					rounds = Integer.parseInt(value);
					if (rounds < 1 || rounds > 20) {
						throw new IllegalArgumentException("--rounds must be 1..20");
					}
				}
				default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
			}
		}
	}

	public static void main(String[] args) {
		CommandLine.exit(() -> {
			Opts o = Opts.parse(args);
			CommandLine.watchdog("audit benchmark", timeLimit(o));
			return new Run(o).run();
		});
	}

	/** How long the run may take before the watchdog ends it (a hung server or client). */
	private static Duration timeLimit(Opts o) {
		int phases = 2 * 2 * o.rounds + (o.alone ? 1 : 0) + 4 * 6;
		return Duration.ofMinutes(5)
			.plusMillis(o.cases * 10L)
			.plus(o.duration.plus(o.warmup).plusSeconds(30).multipliedBy(phases));
	}

	// ------------------------------------------------------------------------------------------ figures

	/** One measured phase. */
	static final class Phase {

		final int round;

		final Op op;

		final Variant variant;

		final Histogram latency = new Histogram(3); // nanoseconds, auto-resizing

		final AtomicLong errors = new AtomicLong();

		volatile String firstError;

		double seconds;

		long auditEntries;

		double storeCpuMsPerCall;

		double benchCpuMsPerCall;

		/** User-space processes other than this JVM (incl. ones that exited meanwhile), % of the machine. */
		double othersPercent;

		/** Kernel threads (e.g. writeback of the store file), % of the machine. */
		double kernelPercent;

		/** Interrupt and softirq time (e.g. loopback TCP to the store), % of the machine. */
		double irqPercent;

		/** Time the JIT compilers spent during the phase, ms (of the bench CPU). */
		long jitMs;

		String loadAfter;

		Phase(int round, Op op, Variant variant) {
			this.round = round;
			this.op = op;
			this.variant = variant;
		}

		long calls() {
			return latency.getTotalCount();
		}
	}

	static double ms(Histogram h, double percentile) {
		return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
	}

	static String loadavg() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).strip();
		}
		catch (IOException ex) {
			return "?";
		}
	}

	// ------------------------------------------------------------------------------------------ the run

	private static final class Run {

		private final Opts o;

		private final List<Phase> phases = new ArrayList<>();

		Run(Opts o) {
			this.o = o;
		}

		int run() throws Exception {
			String when = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT);
			say("Shouhu audit overhead benchmark — " + when);
			say("command: " + System.getenv().getOrDefault("BENCH_COMMAND",
					"java io.shouhu.casework.AuditOverheadBench " + String.join(" ", o.raw)));
			say("machine: " + Bench.machine());
			say("JVM: " + String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
			say(String.format(Locale.ROOT, "%,d cases, concurrency %d, warm-up %.1f s + measured %.1f s per phase, %d round(s)",
					o.cases, o.concurrency, o.warmup.toMillis() / 1e3, o.duration.toMillis() / 1e3, o.rounds));
			String loadBefore = loadavg();
			say("load average before: " + loadBefore);

			Path dir = Files.createTempDirectory("shouhu-audit-bench-store-");
			try (CaseSeeder store = new CaseSeeder(dir)) {
				MongoTemplate mongo = store.mongo;
				// CaseSeeder registers PersonalDataEncryption on its template with these keys, as the
				// application does (checked below, after seeding).
				PersonalDataKeys keys = store.keys;
				say("store: mongo-java-server + H2 at " + dir + ", " + store.uri() + "; personal-data encryption on");

				// Wired as the application wires casework on the embedded store (no spring.mongodb.uri):
				// no secondary indexes on reports and audit, the case list in memory.
				Reports reports = new Reports(mongo, false);
				Cases cases = new Cases(mongo, true);
				ReferenceData referenceData = new ReferenceData(mongo);
				CaseNumbers numbers = new CaseNumbers(mongo);
				Attachments attachments = new Attachments(
						new GridFsTemplate(mongo.getMongoDatabaseFactory(), mongo.getConverter()), mongo, keys);
				AuditTrail realTrail = new AuditTrail(mongo, false, Optional.empty());
				AuditTrail noTrail = new NoTrail(mongo);
				Audit withAudit = new Audit(realTrail, reports, cases);
				Audit withoutAudit = new Audit(noTrail, reports, cases);
				CaseManagement managementA = management(cases, reports, attachments, numbers, referenceData, withAudit);
				CaseManagement managementB = management(cases, reports, attachments, numbers, referenceData,
						withoutAudit);
				Triage triageA = new Triage(reports, attachments, withAudit);
				Triage triageB = new Triage(reports, attachments, withoutAudit);

				long t0 = System.nanoTime();
				CaseSeeder.Seeded seeded = store.seed(o.cases, SEED, Instant.now().truncatedTo(ChronoUnit.MILLIS),
						done -> {
						});
				say(String.format(Locale.ROOT, "seeded %,d cases + their reports in %.1f s; %s", seeded.cases,
						(System.nanoTime() - t0) / 1e9, seeded.mix()));
				List<CaseId> caseIds = seeded.longwanIds.stream().map(CaseId::new).toList();
				// A case's id is "c-" + the id of the report that opened it (CaseId.openedBy).
				List<ReportId> reportIds = seeded.longwanIds.stream().map(id -> new ReportId(id.substring(2))).toList();
				checkEncrypted(mongo, reportIds.get(0));
				say(String.format(Locale.ROOT, "reading %,d Longwan cases and their %,d reports at random, as "
						+ "`prosecutor` (even workers) and `supervisor` (odd workers)", caseIds.size(), reportIds.size()));
				String auditCollection = mongo.getCollectionName(AuditEntry.class);

				BiConsumer<Actor, SplittableRandom> fileA = (actor, r) -> managementA.file(actor,
						caseIds.get(r.nextInt(caseIds.size())));
				BiConsumer<Actor, SplittableRandom> fileB = (actor, r) -> managementB.file(actor,
						caseIds.get(r.nextInt(caseIds.size())));
				BiConsumer<Actor, SplittableRandom> reportA = (actor, r) -> triageA.report(actor,
						reportIds.get(r.nextInt(reportIds.size())));
				BiConsumer<Actor, SplittableRandom> reportB = (actor, r) -> triageB.report(actor,
						reportIds.get(r.nextInt(reportIds.size())));
				// The entry a read of a report leaves, written alone (no read around it).
				BiConsumer<Actor, SplittableRandom> recordAlone = (actor, r) -> realTrail
					.record(new AuditEvent(actor.user().value(), actor.roles().iterator().next().code(),
							actor.jurisdiction().value(), "read", Audit.REPORT,
							reportIds.get(r.nextInt(reportIds.size())).value(), actor.jurisdiction().value(), null,
							AuditOutcome.ALLOWED));

				// JIT and caches: every call and variant in turn, again until the JIT compilers have settled
				// (under 5 % of one core during a cycle; at most 6 cycles): on 2 cores, C2 compiling for
				// seconds in a measured phase would be charged to whichever variant runs then.
				say("");
				for (int cycle = 1; cycle <= 6; cycle++) {
					long jit0 = jitMs();
					long t1 = System.nanoTime();
					for (BiConsumer<Actor, SplittableRandom> call : List.of(fileA, fileB, reportA, reportB)) {
						loop(new Phase(0, Op.FILE, Variant.NONE), call, o.warmup, false);
					}
					long jit = jitMs() - jit0;
					double wallMs = (System.nanoTime() - t1) / 1e6;
					say(String.format(Locale.ROOT, "--- initial warm-up, cycle %d: %.1f s of each call and variant, "
							+ "not measured; JIT %,d ms", cycle, o.warmup.toMillis() / 1e3, jit));
					if (jit < 0.05 * wallMs) {
						break;
					}
				}
				for (int round = 1; round <= o.rounds; round++) {
					for (Op op : List.of(Op.FILE, Op.REPORT)) {
						for (Variant v : List.of(Variant.AUDIT, Variant.NONE)) {
							BiConsumer<Actor, SplittableRandom> call = switch (op) {
								case FILE -> v == Variant.AUDIT ? fileA : fileB;
								default -> v == Variant.AUDIT ? reportA : reportB;
							};
							phases.add(phase(new Phase(round, op, v), call, mongo, auditCollection));
						}
					}
				}
				if (o.alone) {
					phases.add(phase(new Phase(0, Op.RECORD, Variant.ALONE), recordAlone, mongo, auditCollection));
				}
				say(String.format(Locale.ROOT, "audit entries in the store at the end: %,d; store file %.0f MB",
						mongo.getCollection(auditCollection).estimatedDocumentCount(), store.fileMb()));
			}
			finally {
				if (!o.keep) {
					deleteTree(dir);
				}
				else {
					say("store kept at " + dir);
				}
			}
			String loadAfter = loadavg();
			say("load average after: " + loadAfter);
			say("");
			say(report(loadBefore, loadAfter));
			return phases.stream().anyMatch(p -> p.errors.get() > 0) ? 1 : 0;
		}

		private static CaseManagement management(Cases cases, Reports reports, Attachments attachments,
				CaseNumbers numbers, ReferenceData referenceData, Audit audit) {
			CaseFeedback feedback = new CaseFeedback(reports, cases, audit, Optional.empty());
			return new CaseManagement(cases, reports, attachments, numbers, referenceData, feedback, audit,
					new CaseNotices(cases, event -> {
					}), Optional.empty());
		}

		/** Fails unless the report's child is ciphertext in the store and plain text through the template. */
		private static void checkEncrypted(MongoTemplate mongo, ReportId id) {
			Document raw = mongo.getCollection(mongo.getCollectionName(Report.class))
				.find(new Document("_id", id.value()))
				.first();
			Object child = raw == null ? null : raw.get("child");
			if (!(child instanceof Binary)) {
				throw new IllegalStateException("personal data is not encrypted in the store: reports.child is "
						+ (child == null ? "missing" : child.getClass().getSimpleName()));
			}
			Report read = mongo.findById(id.value(), Report.class);
			if (read == null || read.child() == null || read.child().familyName() == null) {
				throw new IllegalStateException("the seeded report does not read back with its child");
			}
			say("check: reports.child is ciphertext in the store (" + ((Binary) child).length()
					+ " bytes) and reads back in plain text");
		}

		private Phase phase(Phase p, BiConsumer<Actor, SplittableRandom> call, MongoTemplate mongo, String auditCollection)
				throws InterruptedException {
			String name = (p.round > 0 ? "round " + p.round + ", " : "") + p.op.label + ", " + p.variant.label;
			say("");
			say("--- " + name + ": warm-up " + o.warmup.toMillis() / 1e3 + " s");
			loop(p, call, o.warmup, false);
			long entries0 = mongo.getCollection(auditCollection).estimatedDocumentCount();
			var mx = java.lang.management.ManagementFactory.getThreadMXBean();
			long store0 = CaseListBench.storeCpuNanos(mx);
			long bench0 = CaseListBench.benchCpuMillis();
			double[] machine0 = machineMs();
			double kernel0 = kernelThreadsMs();
			long jit0 = jitMs();
			long start = System.nanoTime();
			loop(p, call, o.duration, true);
			p.seconds = (System.nanoTime() - start) / 1e9;
			long storeNs = CaseListBench.storeCpuNanos(mx) - store0;
			long benchMs = CaseListBench.benchCpuMillis() - bench0;
			p.jitMs = jitMs() - jit0;
			double[] machine1 = machineMs();
			double kernel = kernelThreadsMs() - kernel0;
			double irq = machine1[1] - machine0[1];
			double others = machine1[0] - machine0[0] - benchMs - kernel;
			double whole = p.seconds * 1000 * Runtime.getRuntime().availableProcessors() / 100;
			p.othersPercent = Math.max(0, others / whole);
			p.kernelPercent = Math.max(0, kernel / whole);
			p.irqPercent = Math.max(0, irq / whole);
			p.loadAfter = loadavg();
			p.auditEntries = mongo.getCollection(auditCollection).estimatedDocumentCount() - entries0;
			long n = Math.max(1, p.calls());
			p.storeCpuMsPerCall = storeNs / 1e6 / n;
			p.benchCpuMsPerCall = (double) benchMs / n;
			say(String.format(Locale.ROOT,
					"%,d calls in %.1f s (%.0f/s): p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms; errors %d%s; "
							+ "audit entries written %,d; CPU per call: store threads %.2f ms, whole bench JVM %.2f ms; "
							+ "JIT %,d ms; "
							+ "of the machine: other processes %.0f%%, kernel threads %.0f%%, irq/softirq %.0f%%; "
							+ "load average %s",
					p.calls(), p.seconds, p.calls() / p.seconds, ms(p.latency, 50), ms(p.latency, 95), ms(p.latency, 99),
					p.latency.getMaxValue() / 1e6, p.errors.get(), p.firstError == null ? "" : " (" + p.firstError + ")",
					p.auditEntries, p.storeCpuMsPerCall, p.benchCpuMsPerCall, p.jitMs, p.othersPercent, p.kernelPercent,
					p.irqPercent, p.loadAfter));
			return p;
		}

		/** The closed loop: each worker makes its next call when the previous one returned. */
		private void loop(Phase p, BiConsumer<Actor, SplittableRandom> call, Duration duration, boolean measure)
				throws InterruptedException {
			long deadline = System.nanoTime() + duration.toNanos();
			List<Thread> workers = new ArrayList<>();
			for (int w = 0; w < o.concurrency; w++) {
				Actor actor = (w % 2 == 0) ? PROSECUTOR : SUPERVISOR;
				SplittableRandom random = new SplittableRandom(SEED * 31 + w + System.nanoTime());
				Thread worker = new Thread(() -> {
					Histogram local = new Histogram(3);
					while (System.nanoTime() < deadline) {
						long t0 = System.nanoTime();
						try {
							call.accept(actor, random);
						}
						catch (RuntimeException ex) {
							if (measure) {
								p.errors.incrementAndGet();
								if (p.firstError == null) {
									p.firstError = ex.toString();
								}
							}
							continue;
						}
						long t1 = System.nanoTime();
						if (measure) {
							local.recordValue(Math.max(1, t1 - t0));
						}
					}
					if (measure) {
						synchronized (p.latency) {
							p.latency.add(local);
						}
					}
				}, "audit-load-" + w);
				worker.start();
				workers.add(worker);
			}
			for (Thread worker : workers) {
				worker.join(duration.plusMinutes(2).toMillis());
				if (worker.isAlive()) {
					worker.interrupt();
				}
			}
		}

		private Histogram merged(Op op, Variant v) {
			Histogram h = new Histogram(3);
			phases.stream().filter(p -> p.op == op && p.variant == v).forEach(p -> h.add(p.latency));
			return h;
		}

		private Phase find(int round, Op op, Variant v) {
			return phases.stream().filter(p -> p.round == round && p.op == op && p.variant == v).findFirst().orElse(null);
		}

		private String report(String loadBefore, String loadAfter) {
			StringBuilder out = new StringBuilder();
			out.append(String.format(Locale.ROOT,
					"Audit overhead on reads: %,d cases, concurrency %d, %.0f s measured per phase after %.0f s warm-up%n",
					o.cases, o.concurrency, o.duration.toMillis() / 1e3, o.warmup.toMillis() / 1e3));
			out.append("load average before: ").append(loadBefore).append("; after: ").append(loadAfter).append("\n\n");
			out.append("| round | call | variant | calls | calls/s | p50 ms | p95 ms | p99 ms | max ms | errors "
					+ "| audit entries | store CPU ms/call | bench CPU ms/call | JIT ms | other processes | kernel threads "
					+ "| irq/softirq |\n");
			out.append("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
			for (Phase p : phases) {
				out.append(String.format(Locale.ROOT,
						"| %s | %s | %s | %,d | %.0f | %.2f | %.2f | %.2f | %.2f | %d | %,d | %.2f | %.2f | %,d | %.0f%%%s | %.0f%% | %.0f%% |\n",
						p.round > 0 ? String.valueOf(p.round) : "–", p.op.label, p.variant.label, p.calls(),
						p.calls() / p.seconds, ms(p.latency, 50), ms(p.latency, 95), ms(p.latency, 99),
						p.latency.getMaxValue() / 1e6, p.errors.get(), p.auditEntries, p.storeCpuMsPerCall,
						p.benchCpuMsPerCall, p.jitMs, p.othersPercent, p.othersPercent > 10 ? " disturbed" : "", p.kernelPercent,
						p.irqPercent));
			}
			out.append('\n');
			out.append("| call | a: audit p50 / p95 / p99 ms | b: no audit p50 / p95 / p99 ms | p50 diff ms | p99 diff ms "
					+ "(all rounds) | p99 diff ms per round | ≤ 2 ms at p99 |\n");
			out.append("|---|---|---|---:|---:|---|---|\n");
			for (Op op : List.of(Op.FILE, Op.REPORT)) {
				Histogram a = merged(op, Variant.AUDIT);
				Histogram b = merged(op, Variant.NONE);
				List<String> perRound = new ArrayList<>();
				double worst = Double.NEGATIVE_INFINITY;
				for (int round = 1; round <= o.rounds; round++) {
					Phase pa = find(round, op, Variant.AUDIT);
					Phase pb = find(round, op, Variant.NONE);
					double d = ms(pa.latency, 99) - ms(pb.latency, 99);
					worst = Math.max(worst, d);
					perRound.add(String.format(Locale.ROOT, "%+.2f", d));
				}
				double diff = ms(a, 99) - ms(b, 99);
				boolean met = diff <= TARGET_P99_DIFF_MS && worst <= TARGET_P99_DIFF_MS;
				out.append(String.format(Locale.ROOT, "| %s | %.2f / %.2f / %.2f | %.2f / %.2f / %.2f | %+.2f | %+.2f | %s | %s |\n",
						op.label, ms(a, 50), ms(a, 95), ms(a, 99), ms(b, 50), ms(b, 95), ms(b, 99),
						ms(a, 50) - ms(b, 50), diff, String.join(", ", perRound),
						met ? "**met**" : (diff <= TARGET_P99_DIFF_MS ? "met overall, missed in a round" : "**missed**")));
			}
			Phase alone = phases.stream().filter(p -> p.op == Op.RECORD).findFirst().orElse(null);
			if (alone != null) {
				out.append(String.format(Locale.ROOT,
						"%n`AuditTrail.record` alone (one read's entry, no read), concurrency %d: p50 %.2f ms, p95 %.2f ms, "
								+ "p99 %.2f ms, %.0f entries/s, store CPU %.2f ms per entry%n",
						o.concurrency, ms(alone.latency, 50), ms(alone.latency, 95), ms(alone.latency, 99),
						alone.calls() / alone.seconds, alone.storeCpuMsPerCall));
			}
			double maxOthers = phases.stream().mapToDouble(p -> p.othersPercent).max().orElse(0);
			if (maxOthers > 10) {
				out.append(String.format(Locale.ROOT,
						"%nDisturbed: other processes took up to %.0f%% of the machine during a phase; compare a with the "
								+ "b of the same round, and rounds with each other.%n",
						maxOthers));
			}
			return out.toString();
		}
	}

	/** Total time the JIT compilers have spent so far, ms. */
	static long jitMs() {
		var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
		return (jit != null && jit.isCompilationTimeMonitoringSupported()) ? jit.getTotalCompilationTime() : -1;
	}

	/**
	 * Busy time of the whole machine so far (all cores, ms, {@code /proc/stat}): [0] user, nice, system and
	 * steal; [1] irq and softirq, which no process is charged with.
	 */
	static double[] machineMs() {
		try {
			String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3])
					+ (f.length > 8 ? Long.parseLong(f[8]) : 0);
			long irq = Long.parseLong(f[6]) + Long.parseLong(f[7]);
			return new double[] { busy * 10.0, irq * 10.0 };
		}
		catch (IOException | RuntimeException ex) {
			return new double[] { Double.NaN, Double.NaN };
		}
	}

	/** CPU time (ms) of the kernel's threads (children of kthreadd): writeback, kworkers. */
	static double kernelThreadsMs() {
		long ticks = 0;
		try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
			for (Path proc : (Iterable<Path>) procs::iterator) {
				String name = proc.getFileName().toString();
				if (!name.chars().allMatch(Character::isDigit)) {
					continue;
				}
				try {
					String stat = Files.readString(proc.resolve("stat"));
					String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					// after the name: state ppid ... utime (14th field overall) stime (15th)
					if (f[1].equals("2") || name.equals("2")) {
						ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
					}
				}
				catch (IOException | RuntimeException gone) {
					// exited meanwhile
				}
			}
		}
		catch (IOException ex) {
			return Double.NaN;
		}
		return ticks * 10.0;
	}

	private static void deleteTree(Path dir) {
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
		}
		catch (IOException ex) {
			say("could not delete " + dir + ": " + ex);
		}
	}
}
