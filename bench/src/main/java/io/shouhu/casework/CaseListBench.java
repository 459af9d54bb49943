package io.shouhu.casework;

import io.shouhu.bench.CommandLine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.shouhu.bench.Bench;
import io.shouhu.bench.ServerProcess;
import org.HdrHistogram.Histogram;

import static io.shouhu.bench.Bench.say;

/**
 * The case list and case detail benchmark (issue 4, §11). For each store size (1,000, 10,000 and
 * 100,000 cases by default): seeds a fresh mongo-java-server on H2 (the embedded store's engine) in
 * this JVM with that many cases and their source reports, times the list queries in-process
 * ({@link Cases#page}, {@link Cases#byId}: store + mapping, no HTTP), starts the server jar against
 * that store ({@code --spring.mongodb.uri}), signs in as the demo prosecutor and supervisor
 * (authorization code + PKCE), and runs a closed loop at concurrency 8 mixing, round-robin, the
 * unfiltered first page, the filters {@code status}, {@code urgency}, {@code track}, {@code overdue},
 * {@code assignee}, {@code updatedSince}, a second page by {@code nextCursor}, and
 * {@code GET /api/cases/{id}}. Prints a table per size and writes them to {@code docs/performance.md}
 * between the {@code case-bench} markers. Only ever talks to 127.0.0.1; every phase is bounded.
 */
public final class CaseListBench {

	static final String BEGIN = "<!-- case-bench:begin -->";

	static final String END = "<!-- case-bench:end -->";

	static final String HEADING = "## Case list and detail (issue 4)";

	static final double TARGET_P99_MS = 50;

	static final int TARGET_SIZE = 10_000;

	static final long SEED = 20261130L;

	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

	private static final Pattern NEXT_CURSOR = Pattern.compile("\"nextCursor\"\\s*:\\s*\"([^\"]+)\"");

	private CaseListBench() {
	}

	/** The requests of the mix, in round-robin order. */
	enum Kind {

		FIRST_PAGE("list: first page, no filter"),
		STATUS("list: `status=open`"),
		URGENCY("list: `urgency=immediate-danger`"),
		TRACK("list: `track=criminal`"),
		OVERDUE("list: `overdue=true`"),
		ASSIGNEE("list: `assignee=prosecutor`"),
		UPDATED_SINCE("list: `updatedSince=` 30 days ago"),
		SECOND_PAGE("list: second page (`cursor=` nextCursor)"),
		DETAIL("detail: `GET /api/cases/{id}`");

		final String label;

		Kind(String label) {
			this.label = label;
		}

		boolean list() {
			return this != DETAIL;
		}
	}

	public static void main(String[] args) {
		CommandLine.exit(() -> {
			Opts o = Opts.parse(args);
			CommandLine.watchdog("case benchmark", timeLimit(o));
			return new CaseListBench.Run(o).run();
		});
	}

	/** How long the run may take before the watchdog ends it (a hung server or client). */
	private static Duration timeLimit(Opts o) {
		Duration expected = Duration.ofMinutes(5);
		for (int n : o.sizes) {
			expected = expected.plus(Duration.ofMillis(n * 6L)) // seeding and the in-process probe
				.plus(o.startupTimeout)
				.plus(o.warmup)
				.plus(o.duration)
				.plus(REQUEST_TIMEOUT.multipliedBy(2))
				.plusMinutes(2);
		}
		return expected;
	}

	// ------------------------------------------------------------------------------------------ options

	static final class Opts {

		static final String USAGE = """
				Usage: bash bench/cases.sh [options]

				  --sizes LIST          store sizes in cases (default 1000,10000,100000)
				  --duration D          measured closed loop per size (default 30s); D is 30s, 2m, 500ms or seconds
				  --warmup D            closed-loop warm-up per size, not measured (default 10s)
				  --concurrency N       closed-loop workers (default 8)
				  --probe-runs N        in-process timings of each list query per size (default 5)
				  --server-jvm ARGS     JVM flags of the server (default "-Xms512m -Xmx512m -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=70", the README's)
				  --jar PATH            server jar (default server/target/shouhu/shouhu-server.jar)
				  --repo PATH           repository root (default .)
				  --docs PATH           where to write the results (default docs/performance.md)
				  --no-docs             do not write the results section
				  --keep-data           keep the temp directories (store file, server log)
				  --external-store      serve the seeded store to the server as a MongoDB (spring.mongodb.uri)
				                        instead of opening it as the server's embedded store (the default)
				  --no-server           only seed and time the queries in-process (no server, no HTTP)
				  --startup-timeout D   give up waiting for the server (default 180s)
				""";

		List<Integer> sizes = List.of(1_000, 10_000, 100_000);

		Duration duration = Duration.ofSeconds(30);

		Duration warmup = Duration.ofSeconds(10);

		int concurrency = 8;

		int probeRuns = 5;

		String serverJvm = "-Xms512m -Xmx512m -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=70";

		Path jar;

		Path repo = Path.of(".");

		Path docs;

		boolean writeDocs = true;

		boolean keep;

		/** Start the server on the bench's store as on a MongoDB ({@code spring.mongodb.uri}), not as its embedded store. */
		boolean external;

		boolean server = true;

		Duration startupTimeout = Duration.ofSeconds(180);

		final List<String> raw = new ArrayList<>();

		static Opts parse(String[] args) {
			Opts o = new Opts();
			o.raw.addAll(List.of(args));
			CommandLine.parse(args, USAGE, flag -> {
				switch (flag) {
					case "--no-docs" -> o.writeDocs = false;
					case "--keep-data" -> o.keep = true;
					case "--external-store" -> o.external = true;
					case "--no-server" -> o.server = false;
					default -> {
						return false;
					}
				}
				return true;
			}, o::set);
			o.repo = o.repo.toAbsolutePath().normalize();
			if (o.jar == null) {
				o.jar = o.repo.resolve("server/target/shouhu/shouhu-server.jar");
			}
			if (o.docs == null) {
				o.docs = o.repo.resolve("docs/performance.md");
			}
			if (!Files.isRegularFile(o.jar)) {
				throw new IllegalArgumentException("no server jar at " + o.jar);
			}
			return o;
		}

		private void set(String name, String value) {
			switch (name) {
				case "--sizes" -> {
					List<Integer> list = new ArrayList<>();
					for (String part : value.split(",")) {
						int n = Integer.parseInt(part.trim().replace("_", ""));
						if (n < 10 || n > 1_000_000) {
							throw new IllegalArgumentException("a size must be 10..1000000: " + n);
						}
						list.add(n);
					}
					sizes = List.copyOf(list);
				}
				case "--duration" -> duration = duration(value);
				case "--warmup" -> warmup = duration(value);
				case "--concurrency" -> {
					concurrency = Integer.parseInt(value);
					if (concurrency < 1 || concurrency > 256) {
						throw new IllegalArgumentException("--concurrency must be 1..256");
					}
				}
				case "--probe-runs" -> probeRuns = Math.max(1, Integer.parseInt(value));
				case "--server-jvm" -> serverJvm = value.trim();
				case "--jar" -> jar = Path.of(value).toAbsolutePath();
				case "--repo" -> repo = Path.of(value);
				case "--docs" -> docs = Path.of(value).toAbsolutePath();
				case "--startup-timeout" -> startupTimeout = duration(value);
				default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
			}
		}

		static Duration duration(String text) {
			String t = text.trim().toLowerCase(Locale.ROOT);
			Duration d;
			if (t.endsWith("ms")) {
				d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
			}
			else if (t.endsWith("s")) {
				d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
			}
			else if (t.endsWith("m")) {
				d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
			}
			else {
				d = Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
			}
			if (d.isNegative() || d.compareTo(Duration.ofMinutes(30)) > 0) {
				throw new IllegalArgumentException("duration out of range (0..30m): " + text);
			}
			return d;
		}

		List<String> serverJvmArgs() {
			return Arrays.stream(serverJvm.split("\\s+")).filter(s -> !s.isBlank()).toList();
		}
	}

	// ------------------------------------------------------------------------------------------ figures

	static Histogram histogram() {
		return new Histogram(600_000_000L, 3); // microseconds, up to 10 minutes
	}

	/** One request kind's figures in one phase. */
	static final class KindStats {

		final Histogram latency = histogram();

		final LongAdder bytes = new LongAdder();

		final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

		final List<String> samples = new CopyOnWriteArrayList<>();

		long count() {
			return latency.getTotalCount();
		}

		long errorCount() {
			return errors.values().stream().mapToLong(LongAdder::sum).sum();
		}

		String errorSummary() {
			Map<String, Long> sorted = new TreeMap<>();
			errors.forEach((k, v) -> sorted.put(k, v.sum()));
			return sorted.isEmpty() ? "0" : errorCount() + " " + sorted;
		}

		void error(String key, String body) {
			errors.computeIfAbsent(key, k -> new LongAdder()).increment();
			if (samples.size() < 2 && body != null) {
				String b = body.replaceAll("\\s+", " ");
				samples.add(key + ": " + (b.length() > 300 ? b.substring(0, 300) + "…" : b));
			}
		}
	}

	/** A closed-loop phase. */
	static final class Phase {

		final EnumMap<Kind, KindStats> kinds = new EnumMap<>(Kind.class);

		double seconds;

		long serverCpuMs;

		long benchCpuMs;

		long storeCpuMs;

		double othersPercent;

		double peakRssMb;

		Phase() {
			for (Kind k : Kind.values()) {
				kinds.put(k, new KindStats());
			}
		}

		Histogram merged(boolean list) {
			Histogram h = histogram();
			kinds.forEach((k, s) -> {
				if (k.list() == list) {
					h.add(s.latency);
				}
			});
			return h;
		}

		long requests() {
			return kinds.values().stream().mapToLong(KindStats::count).sum();
		}

		long errors() {
			return kinds.values().stream().mapToLong(KindStats::errorCount).sum();
		}
	}

	/** Everything measured for one store size. */
	static final class SizeResult {

		final int size;

		CaseSeeder.Seeded seeded;

		double storeMb;

		final EnumMap<Kind, Double> probeMs = new EnumMap<>(Kind.class);

		final EnumMap<Kind, Integer> probeMatched = new EnumMap<>(Kind.class);

		/** CPU of the store's threads per query, in-process, ms. */
		final EnumMap<Kind, Double> probeStoreCpuMs = new EnumMap<>(Kind.class);

		double startSeconds = Double.NaN;

		String startedLine;

		double rssAfterStartMb = Double.NaN;

		double peakRssMb = Double.NaN;

		double rssEndMb = Double.NaN;

		Phase phase;

		String failure;

		List<String> serverWarnings = List.of();

		SizeResult(int size) {
			this.size = size;
		}
	}

	// ------------------------------------------------------------------------------------------ the run

	private static final class Run {

		private final Opts o;

		private final List<SizeResult> results = new ArrayList<>();

		private final String when = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT);

		private final String command;

		private final HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();

		Run(Opts o) {
			this.o = o;
			this.command = System.getenv().getOrDefault("BENCH_COMMAND",
					"java io.shouhu.casework.CaseListBench " + String.join(" ", o.raw));
		}

		int run() throws Exception {
			say("Shouhu case list / detail benchmark — " + when);
			say("machine: " + Bench.machine());
			say("sizes " + o.sizes + ", warm-up " + o.warmup.toSeconds() + " s, measured " + o.duration.toSeconds()
					+ " s per size, concurrency " + o.concurrency + ", server JVM flags " + o.serverJvm);
			boolean failed = false;
			for (int size : o.sizes) {
				SizeResult r = new SizeResult(size);
				results.add(r);
				try {
					size(r);
				}
				catch (Exception ex) {
					r.failure = ex.toString();
					failed = true;
					say("SIZE " + size + " FAILED: " + ex);
					ex.printStackTrace();
				}
				say(table(r));
			}
			String section = section();
			say("");
			say(section);
			if (o.writeDocs) {
				writeDocs(o.docs, section);
				say("results written to " + o.docs);
			}
			return failed ? 1 : 0;
		}

		private void size(SizeResult r) throws Exception {
			say("");
			say("=== " + r.size + " cases ===");
			Path storeDir = Files.createTempDirectory("shouhu-case-bench-store-");
			Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
			try (CaseSeeder store = new CaseSeeder(storeDir)) {
				say("store: mongo-java-server + H2 at " + storeDir + ", " + store.uri());
				long step = Math.max(1000, r.size / 10);
				r.seeded = store.seed(r.size, SEED + r.size, now, done -> {
					if (done % step == 0 || done == r.size) {
						say(String.format(Locale.ROOT, "  seeded %,d", done));
					}
				});
				r.storeMb = store.fileMb();
				say(String.format(Locale.ROOT, "seeded in %.1f s (building documents %.1f s, inserting %.1f s); store file %.0f MB",
						r.seeded.seconds(), r.seeded.buildSeconds, r.seeded.insertSeconds, r.storeMb));
				say("mix: " + r.seeded.mix() + (r.seeded.refusedTransitions > 0
						? "; " + r.seeded.refusedTransitions + " transitions refused by the rules (skipped)" : ""));
				probe(store, r, now);
				if (o.server && o.external) {
					serverPhase(List.of("--spring.mongodb.uri=" + store.uri(),
							"--shouhu.crypto.keyset-file=" + store.keysetFile()), r);
				}
				else if (o.server) {
					// The server opens the seeded file as its own embedded store, as a district that never
					// configured a MongoDB runs it: only one process may hold the file.
					store.close();
					serverPhase(List.of("--shouhu.storage.embedded-path=" + storeDir.resolve("shouhu.mv"),
							"--shouhu.crypto.keyset-file=" + storeDir.resolve("keyset.json")), r);
				}
			}
			finally {
				if (!o.keep) {
					ServerProcess.deleteTree(storeDir);
				}
			}
		}

		/** Times each list query and the detail reads in-process: the store and the mapping, no HTTP. */
		private void probe(CaseSeeder store, SizeResult r, Instant now) {
			// As the server on its embedded store builds them: no secondary indexes recorded in the file,
			// which would cost the server a read of the whole collection each when it opens it.
			// Cases.page still queries the store: this is what the store costs without the in-memory list.
			Cases cases = new Cases(store.mongo, !o.external);
			Reports reports = new Reports(store.mongo, o.external);
			String cursor = null;
			for (Kind k : Kind.values()) {
				if (k == Kind.DETAIL) {
					continue;
				}
				double[] ms = new double[o.probeRuns];
				int matched = 0;
				long cpu0 = 0;
				int done = 0;
				double spent = 0;
				// one untimed run first, unless the store is large; at most ~5 s of timed runs per kind
				for (int run = r.size > 20_000 ? 0 : -1; run < o.probeRuns && spent < 5000; run++) {
					if (run == 0) {
						cpu0 = storeCpuNanos(MX);
					}
					long t0 = System.nanoTime();
					List<Case> page = cases.page(CaseSeeder.LONGWAN, query(k, now, cursor), now);
					long t1 = System.nanoTime();
					if (run >= 0) {
						ms[run] = (t1 - t0) / 1e6;
						spent += ms[run];
						done++;
					}
					matched = page.size();
					if (k == Kind.FIRST_PAGE && page.size() > 20) {
						cursor = Cases.Cursor.after(CaseListIndex.Entry.of(page.get(19)).summary(now));
					}
				}
				r.probeMs.put(k, median(Arrays.copyOf(ms, done)));
				r.probeStoreCpuMs.put(k, (storeCpuNanos(MX) - cpu0) / 1e6 / done);
				r.probeMatched.put(k, matched);
			}
			SplittableRandom random = new SplittableRandom(SEED);
			List<String> ids = r.seeded.longwanIds;
			int runs = 50;
			double[] ms = new double[runs];
			long cpu0 = 0;
			for (int run = -10; run < runs; run++) {
				if (run == 0) {
					cpu0 = storeCpuNanos(MX);
				}
				CaseId id = new CaseId(ids.get(random.nextInt(ids.size())));
				long t0 = System.nanoTime();
				// what GET /api/cases/{id} reads: the case (details), the case again and its child's report (child)
				Case kase = cases.byId(id).orElseThrow();
				cases.byId(id).orElseThrow();
				reports.byId(kase.childReport()).orElseThrow();
				long t1 = System.nanoTime();
				if (run >= 0) {
					ms[run] = (t1 - t0) / 1e6;
				}
			}
			r.probeMs.put(Kind.DETAIL, median(ms));
			r.probeStoreCpuMs.put(Kind.DETAIL, (storeCpuNanos(MX) - cpu0) / 1e6 / runs);
			StringBuilder line = new StringBuilder("in-process (Cases.page / byId, median of up to " + o.probeRuns
					+ " runs, at most ~5 s per kind; store threads' CPU per query):");
			r.probeMs.forEach((k, v) -> line.append(String.format(Locale.ROOT, "\n  %-48s %8.1f ms  store CPU %8.1f ms",
					k.label, v, r.probeStoreCpuMs.get(k))));
			say(line.toString());
		}

		private static CaseQuery query(Kind k, Instant now, String cursor) {
			return switch (k) {
				case STATUS -> new CaseQuery(CaseStatus.OPEN, null, null, null, null, null, null, 20);
				case URGENCY -> new CaseQuery(null, null, Urgency.IMMEDIATE_DANGER, null, null, null, null, 20);
				case TRACK -> new CaseQuery(null, TrackType.CRIMINAL, null, null, null, null, null, 20);
				case OVERDUE -> new CaseQuery(null, null, null, null, true, null, null, 20);
				case ASSIGNEE -> new CaseQuery(null, null, null, new UserId("prosecutor"), null, null, null, 20);
				case UPDATED_SINCE -> new CaseQuery(null, null, null, null, null, now.minus(Duration.ofDays(30)), null, 20);
				case SECOND_PAGE -> new CaseQuery(null, null, null, null, null, null, cursor, 20);
				default -> new CaseQuery(null, null, null, null, null, null, null, 20);
			};
		}

		private void serverPhase(List<String> storeArgs, SizeResult r) throws Exception {
			try (ServerProcess server = new ServerProcess(o.jar, o.serverJvmArgs(), storeArgs, o.keep,
					o.repo.resolve("bench/target/case-bench-server-" + r.size + ".log"))) {
				say("starting the server: " + String.join(" ", server.command()));
				long t0 = server.start();
				long deadline = t0 + o.startupTimeout.toNanos();
				CaseBenchTokens tokens = new CaseBenchTokens(http, server.baseUrl());
				String probeUrl = server.baseUrl() + "/api/cases?limit=1";
				while (true) {
					if (!server.alive()) {
						throw new IllegalStateException("the server exited during start:\n" + server.logTail(40));
					}
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("the server did not answer within " + o.startupTimeout + "\n"
								+ server.logTail(40));
					}
					try {
						HttpResponse<String> first = http.send(get(probeUrl, tokens.token("prosecutor")),
								HttpResponse.BodyHandlers.ofString());
						if (first.statusCode() == 200) {
							break;
						}
						if (first.statusCode() != 503) {
							throw new IllegalStateException("first case list answered HTTP " + first.statusCode() + ": "
									+ first.body());
						}
					}
					catch (IOException | CaseBenchTokens.Refused ex) {
						// not up yet
					}
					Thread.sleep(100);
				}
				r.startSeconds = (System.nanoTime() - t0) / 1e9;
				r.startedLine = server.startedLine();
				r.rssAfterStartMb = server.currentRssMb();
				say(String.format(Locale.ROOT, "first case list answered %.1f s after process start (%s); RSS %.0f MB",
						r.startSeconds, r.startedLine, r.rssAfterStartMb));
				tokens.token("supervisor");
				Instant since = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
				String cursor = firstCursor(server.baseUrl(), tokens);
				Load load = new Load(http, server, tokens, r.seeded.longwanIds, since, cursor);
				if (!o.warmup.isZero()) {
					say("warm-up: " + o.warmup.toSeconds() + " s at concurrency " + o.concurrency);
					Phase warm = load.closed(o.concurrency, o.warmup);
					say(String.format(Locale.ROOT, "  %d requests, %d errors", warm.requests(), warm.errors()));
					if (warm.requests() == 0) {
						throw new IllegalStateException("no request answered in the warm-up: " + errorsOf(warm));
					}
					Thread.sleep(3000);
				}
				say("measured: " + o.duration.toSeconds() + " s at concurrency " + o.concurrency);
				r.phase = load.closed(o.concurrency, o.duration);
				r.peakRssMb = server.peakRssMb();
				r.rssEndMb = server.currentRssMb();
				r.serverWarnings = server.logLines(" WARN ")
					.stream()
					.filter(l -> !l.contains("non-unique") && !l.contains("Non-unique"))
					.limit(5)
					.toList();
				String errors = errorsOf(r.phase);
				if (!errors.isEmpty()) {
					say("first errors: " + errors);
				}
			}
		}

		private String firstCursor(String base, CaseBenchTokens tokens) throws IOException, InterruptedException {
			HttpResponse<String> page = http.send(get(base + "/api/cases", tokens.token("prosecutor")),
					HttpResponse.BodyHandlers.ofString());
			Matcher m = NEXT_CURSOR.matcher(page.body());
			if (page.statusCode() != 200 || !m.find()) {
				throw new IllegalStateException("the first page has no nextCursor: HTTP " + page.statusCode() + " "
						+ page.body().substring(0, Math.min(300, page.body().length())));
			}
			return m.group(1);
		}

		private static String errorsOf(Phase p) {
			List<String> all = new ArrayList<>();
			p.kinds.forEach((k, s) -> s.samples.forEach(x -> all.add(k.name() + " " + x)));
			return all.isEmpty() ? "" : all.toString();
		}

		// -------------------------------------------------------------------------------------- output

		private String table(SizeResult r) {
			StringBuilder out = new StringBuilder();
			out.append(String.format(Locale.ROOT, "%n#### %,d cases%n%n", r.size));
			if (r.seeded != null) {
				out.append(String.format(Locale.ROOT,
						"- seeding: %.1f s (%.1f s building the documents through the domain, %.1f s `insertAll` in batches of 1,000); "
								+ "store file %.0f MB%n",
						r.seeded.seconds(), r.seeded.buildSeconds, r.seeded.insertSeconds, r.storeMb));
				out.append("- mix: ").append(r.seeded.mix()).append('\n');
			}
			if (!Double.isNaN(r.startSeconds)) {
				out.append(String.format(Locale.ROOT,
						"- server: first case list %.1f s after process start (%s); RSS %.0f MB after start, %.0f MB peak "
								+ "(VmHWM), %.0f MB at the end%n",
						r.startSeconds, r.startedLine == null ? "?" : r.startedLine.strip(), r.rssAfterStartMb, r.peakRssMb,
						r.rssEndMb));
			}
			Phase p = r.phase;
			if (p != null) {
				long n = Math.max(1, p.requests());
				out.append(String.format(Locale.ROOT,
						"- CPU per request: server %.1f ms; bench JVM %.1f ms, of which the store (mongo-java-server threads) "
								+ "%.1f ms; other processes %.0f%% of the machine%s%n",
						(double) p.serverCpuMs / n, (double) p.benchCpuMs / n, (double) p.storeCpuMs / n, p.othersPercent,
						p.othersPercent > 10 ? " — **disturbed**" : ""));
			}
			for (String w : r.serverWarnings) {
				out.append("- server warning: `").append(w.length() > 200 ? w.substring(0, 200) + "…" : w).append("`\n");
			}
			if (r.failure != null) {
				out.append("- **failed**: ").append(r.failure).append('\n');
			}
			out.append('\n');
			out.append("| request | answered | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | answer KB | in-process ms | in-process store CPU ms |\n");
			out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
			for (Kind k : Kind.values()) {
				KindStats s = p == null ? null : p.kinds.get(k);
				Double probe = r.probeMs.get(k);
				if (s == null) {
					out.append(String.format(Locale.ROOT, "| %s | | | | | | | | | %s | %s |\n", k.label, fmt(probe),
							fmt(r.probeStoreCpuMs.get(k))));
					continue;
				}
				out.append(row(k.label, s.latency, p.seconds, s.errorSummary(),
						s.count() == 0 ? Double.NaN : s.bytes.sum() / 1024.0 / s.count(), probe,
						r.probeStoreCpuMs.get(k)));
			}
			if (p != null) {
				out.append(row("**all list requests**", p.merged(true), p.seconds,
						String.valueOf(p.errors() - p.kinds.get(Kind.DETAIL).errorCount()), Double.NaN, null, null));
				out.append(row("**all requests**", merged(p), p.seconds, String.valueOf(p.errors()), Double.NaN, null,
						null));
			}
			return out.toString();
		}

		private static Histogram merged(Phase p) {
			Histogram h = p.merged(true);
			h.add(p.merged(false));
			return h;
		}

		private static String row(String label, Histogram h, double seconds, String errors, double kb, Double probe,
				Double probeCpu) {
			if (h.getTotalCount() == 0) {
				return String.format(Locale.ROOT, "| %s | 0 | | | | | | %s | | %s | %s |\n", label, errors, fmt(probe),
						fmt(probeCpu));
			}
			return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %s | %s | %s | %s |\n",
					label, h.getTotalCount(), h.getTotalCount() / seconds, ms(h, 50), ms(h, 95), ms(h, 99),
					h.getMaxValue() / 1000.0, errors, Double.isNaN(kb) ? "" : String.format(Locale.ROOT, "%.1f", kb),
					fmt(probe), fmt(probeCpu));
		}

		private static String fmt(Double v) {
			return v == null ? "" : String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
		}

		private static double ms(Histogram h, double percentile) {
			return h.getValueAtPercentile(percentile) / 1000.0;
		}

		private String summary() {
			StringBuilder out = new StringBuilder();
			out.append("| cases | seeding s | store MB | list p50 ms | list p95 ms | list p99 ms | slowest list kind p99 ms "
					+ "| detail p50 ms | detail p99 ms | req/s | server CPU ms/req | store CPU ms/req | other processes' CPU "
					+ "| server peak RSS MB |\n");
			out.append("|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
			for (SizeResult r : results) {
				Phase p = r.phase;
				if (p == null) {
					out.append(String.format(Locale.ROOT, "| %,d | %s | %.0f | %s | | | | | | | | | | |\n",
							r.size, r.seeded == null ? "" : String.format(Locale.ROOT, "%.1f", r.seeded.seconds()),
							r.storeMb, r.failure != null ? "failed: " + r.failure : "no server phase"));
					continue;
				}
				Histogram list = p.merged(true);
				Histogram detail = p.merged(false);
				Kind worst = null;
				double worstP99 = -1;
				for (Kind k : Kind.values()) {
					if (k.list() && p.kinds.get(k).count() > 0 && ms(p.kinds.get(k).latency, 99) > worstP99) {
						worstP99 = ms(p.kinds.get(k).latency, 99);
						worst = k;
					}
				}
				long n = Math.max(1, p.requests());
				out.append(String.format(Locale.ROOT,
						"| %,d | %.1f | %.0f | %s | %s | %s | %s | %s | %s | %.1f | %.1f | %.1f | %.0f%%%s | %.0f |\n", r.size,
						r.seeded.seconds(), r.storeMb, pct(list, 50), pct(list, 95), pct(list, 99),
						worst == null ? "" : String.format(Locale.ROOT, "%.1f (%s)", worstP99, worst.label.replace("list: ", "")),
						pct(detail, 50), pct(detail, 99), p.requests() / p.seconds, (double) p.serverCpuMs / n,
						(double) p.storeCpuMs / n, p.othersPercent, p.othersPercent > 10 ? " disturbed" : "",
						r.peakRssMb));
			}
			return out.toString();
		}

		private static String pct(Histogram h, double percentile) {
			return h.getTotalCount() == 0 ? "–" : String.format(Locale.ROOT, "%.1f", ms(h, percentile));
		}

		private String targets() {
			SizeResult r = results.stream().filter(x -> x.size == TARGET_SIZE).findFirst().orElse(null);
			StringBuilder out = new StringBuilder();
			if (r == null || r.phase == null) {
				out.append("- p99 < 50 ms at concurrency 8 with 10,000 cases: not measured in this run\n");
				return out.toString();
			}
			Histogram list = r.phase.merged(true);
			Histogram detail = r.phase.merged(false);
			boolean disturbed = r.phase.othersPercent > 10;
			boolean concurrency8 = o.concurrency == 8;
			String note = (concurrency8 ? "" : " (measured at concurrency " + o.concurrency + ", not 8)")
					+ (disturbed ? String.format(Locale.ROOT, " (disturbed: other processes took %.0f%% of the CPU)",
							r.phase.othersPercent) : "");
			long listErrors = r.phase.errors() - r.phase.kinds.get(Kind.DETAIL).errorCount();
			long detailErrors = r.phase.kinds.get(Kind.DETAIL).errorCount();
			out.append(String.format(Locale.ROOT,
					"- p99 < 50 ms at concurrency 8 with 10,000 cases, case list (all filters): %.1f ms — **%s**%s%n",
					ms(list, 99), list.getTotalCount() > 0 && ms(list, 99) < TARGET_P99_MS && listErrors == 0 ? "met" : "missed",
					note));
			out.append(String.format(Locale.ROOT,
					"- p99 < 50 ms at concurrency 8 with 10,000 cases, case detail: %.1f ms — **%s**%s%n", ms(detail, 99),
					detail.getTotalCount() > 0 && ms(detail, 99) < TARGET_P99_MS && detailErrors == 0 ? "met" : "missed",
					note));
			return out.toString();
		}

		private String section() {
			StringBuilder out = new StringBuilder();
			out.append("### Last run: ").append(when).append("\n\n");
			out.append("```\n").append(command).append("\n```\n\n");
			out.append("- machine: ").append(Bench.machine()).append('\n');
			out.append(String.format(Locale.ROOT,
					"- per size: fresh mongo-java-server + H2 store in the bench JVM, seeded, then the server jar (`%s`) "
							+ "against it; warm-up %d s, then %d s closed loop at concurrency %d; requests round-robin over "
							+ "the nine kinds below, as `prosecutor` and `supervisor` (Longwan), page size 20 (the default)%n",
					o.serverJvm, o.warmup.toSeconds(), o.duration.toSeconds(), o.concurrency));
			out.append("- latency: send → whole answer read; \"in-process ms\": the same query through `Cases.page` "
					+ "(detail: `Cases.byId` twice + `Reports.byId`, as the endpoint does) in the bench JVM, no HTTP, "
					+ "median of up to " + o.probeRuns + " runs (fewer when slow), before the server started; \"in-process "
					+ "store CPU\": CPU of mongo-java-server's threads per such query\n\n");
			out.append(summary()).append('\n');
			out.append(targets());
			for (SizeResult r : results) {
				out.append(table(r));
			}
			return out.toString();
		}
	}

	// ------------------------------------------------------------------------------------------ load

	/** The closed loop: each worker sends its next request when the previous answer is in. */
	private static final class Load {

		private final HttpClient http;

		private final ServerProcess server;

		private final CaseBenchTokens tokens;

		private final List<String> ids;

		private final String base;

		private final String since;

		private final String cursor;

		Load(HttpClient http, ServerProcess server, CaseBenchTokens tokens, List<String> ids, Instant since,
				String cursor) {
			this.http = http;
			this.server = server;
			this.tokens = tokens;
			this.ids = ids;
			this.base = server.baseUrl();
			this.since = URLEncoder.encode(since.toString(), StandardCharsets.UTF_8);
			this.cursor = URLEncoder.encode(cursor, StandardCharsets.UTF_8);
		}

		String url(Kind k, SplittableRandom random) {
			return base + switch (k) {
				case FIRST_PAGE -> "/api/cases";
				case STATUS -> "/api/cases?status=open";
				case URGENCY -> "/api/cases?urgency=immediate-danger";
				case TRACK -> "/api/cases?track=criminal";
				case OVERDUE -> "/api/cases?overdue=true";
				case ASSIGNEE -> "/api/cases?assignee=prosecutor";
				case UPDATED_SINCE -> "/api/cases?updatedSince=" + since;
				case SECOND_PAGE -> "/api/cases?cursor=" + cursor;
				case DETAIL -> "/api/cases/" + ids.get(random.nextInt(ids.size()));
			};
		}

		Phase closed(int concurrency, Duration duration) throws InterruptedException {
			Phase phase = new Phase();
			ThreadMXBean mx = ManagementFactory.getThreadMXBean();
			server.takePhasePeakRssMb();
			long server0 = server.cpuMillis();
			long bench0 = benchCpuMillis();
			long store0 = storeCpuNanos(mx);
			double busy0 = machineBusyMs();
			long start = System.nanoTime();
			long deadline = start + duration.toNanos();
			Kind[] kinds = Kind.values();
			List<Thread> workers = new ArrayList<>();
			for (int w = 0; w < concurrency; w++) {
				int first = w;
				String user = w % 2 == 0 ? "prosecutor" : "supervisor";
				SplittableRandom random = new SplittableRandom(SEED + 31L * w + System.nanoTime());
				Thread worker = new Thread(() -> {
					EnumMap<Kind, Histogram> local = new EnumMap<>(Kind.class);
					for (Kind k : kinds) {
						local.put(k, histogram());
					}
					int i = first;
					while (System.nanoTime() < deadline) {
						Kind k = kinds[i++ % kinds.length];
						KindStats stats = phase.kinds.get(k);
						try {
							HttpRequest request = get(url(k, random), tokens.token(user));
							long t0 = System.nanoTime();
							HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
							long t1 = System.nanoTime();
							String body = response.body();
							if (response.statusCode() == 200
									&& body.contains(k.list() ? "\"items\"" : "\"tracks\"")) {
								local.get(k).recordValue(Math.max(1, (t1 - t0) / 1000));
								stats.bytes.add(body.length());
							}
							else {
								stats.error("HTTP " + response.statusCode(), body);
							}
						}
						catch (IOException | RuntimeException ex) {
							stats.error(ex.getClass().getSimpleName(), String.valueOf(ex.getMessage()));
							sleep(100);
						}
						catch (InterruptedException ex) {
							return;
						}
					}
					local.forEach((k, h) -> {
						synchronized (phase.kinds.get(k).latency) {
							phase.kinds.get(k).latency.add(h);
						}
					});
				}, "case-load-" + w);
				worker.start();
				workers.add(worker);
			}
			for (Thread worker : workers) {
				worker.join(duration.plus(REQUEST_TIMEOUT).plusSeconds(30).toMillis());
				if (worker.isAlive()) {
					worker.interrupt();
				}
			}
			phase.seconds = (System.nanoTime() - start) / 1e9;
			phase.serverCpuMs = server.cpuMillis() - server0;
			phase.benchCpuMs = benchCpuMillis() - bench0;
			phase.storeCpuMs = (storeCpuNanos(mx) - store0) / 1_000_000;
			double others = machineBusyMs() - busy0 - phase.serverCpuMs - phase.benchCpuMs;
			phase.othersPercent = Math.max(0,
					others / (phase.seconds * 1000 * Runtime.getRuntime().availableProcessors()) * 100);
			phase.peakRssMb = server.takePhasePeakRssMb();
			return phase;
		}
	}

	static HttpRequest get(String url, String token) {
		return HttpRequest.newBuilder(URI.create(url))
			.timeout(REQUEST_TIMEOUT)
			.header("Accept", "application/json")
			.header("Authorization", "Bearer " + token)
			.GET()
			.build();
	}

	private static void sleep(long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** CPU time of mongo-java-server's threads in this JVM (Netty event loops serving the store). */
	private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

	static long storeCpuNanos(ThreadMXBean mx) {
		long sum = 0;
		for (Thread t : Thread.getAllStackTraces().keySet()) {
			String name = t.getName().toLowerCase(Locale.ROOT);
			if (name.startsWith("mongo-server") || name.startsWith("mongo-java-server") || name.contains("nioeventloop")) {
				long cpu = mx.getThreadCpuTime(t.getId());
				if (cpu > 0) {
					sum += cpu;
				}
			}
		}
		return sum;
	}

	static long benchCpuMillis() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime() / 1_000_000;
		}
		return -1;
	}

	/** Busy CPU time of the whole machine so far (all cores), in ms, from {@code /proc/stat}. */
	static double machineBusyMs() {
		try {
			String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long busy = 0;
			for (int i = 1; i < Math.min(f.length, 9); i++) {
				if (i != 4 && i != 5) { // idle, iowait
					busy += Long.parseLong(f[i]);
				}
			}
			return busy * 10.0;
		}
		catch (Exception ex) {
			return Double.NaN;
		}
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}


	/**
	 * Replaces the part between the case-bench markers of the performance document, or appends the
	 * heading and the markers at its end (after the intake benchmark's {@code bench-results:end}).
	 */
	static void writeDocs(Path docs, String section) throws IOException {
		String block = BEGIN + "\n" + section.strip() + "\n" + END + "\n";
		String existing = Files.exists(docs) ? Files.readString(docs) : "# Performance\n";
		int begin = existing.indexOf(BEGIN);
		int end = existing.indexOf(END);
		String text;
		if (begin >= 0 && end > begin) {
			text = existing.substring(0, begin) + block + existing.substring(end + END.length()).replaceFirst("^\n", "");
		}
		else {
			text = existing.stripTrailing() + "\n\n" + HEADING + "\n\n" + block;
		}
		Files.writeString(docs, text);
	}
}
