package io.shouhu.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.zip.ZipFile;

import io.shouhu.bench.LoadRunner.Outcome;
import io.shouhu.bench.LoadRunner.Phase;
import io.shouhu.bench.ReportGenerator.Report;
import io.shouhu.fhir.FhirServerConfiguration;
import io.shouhu.fhir.ValidationFloor;

/**
 * The report-intake benchmark (issue 3, item 10). Starts the server jar as a child process on a fresh
 * embedded store, measures the time from process start to the first accepted report, posts realistic
 * report Bundles closed loop at concurrency 1, 8 and 32 and open loop at 50 reports/s, samples the
 * server's RSS, then measures the floor (the same Bundles parsed and validated in-process by the same
 * validator on 8 threads, no HTTP, no storage), prints a table and writes it to
 * {@code docs/performance.md}. Only ever talks to 127.0.0.1; every phase is bounded in time.
 */
public final class Bench {

	static final String BEGIN = "<!-- bench-results:begin -->";

	static final String END = "<!-- bench-results:end -->";

	private static final long SEED = 20261129L;

	/** Bundles the floor cycles through (about 10 MB of JSON). */
	private static final int FLOOR_BUNDLES = 400;

	private Bench() {
	}

	public static void main(String[] args) {
		CommandLine.exit(() -> {
			Options options = Options.parse(args);
			CommandLine.watchdog("benchmark", timeLimit(options));
			return new Run(options).run();
		});
	}

	/** How long the run may take before the watchdog ends it (a hung server or client). */
	private static Duration timeLimit(Options o) {
		return o.startupTimeout.plus(o.warmup)
			.plus(o.duration.multipliedBy(o.concurrency.size()))
			.plus(o.openDuration)
			.plus(o.floorWarmup.plus(o.floorDuration).multipliedBy(o.floorBaseline ? 3 : 2))
			.plus(Duration.ofMinutes(10));
	}

	private static final class Run {

		private final Options o;

		private final Results results = new Results();

		Run(Options options) {
			this.o = options;
		}

		int run() throws Exception {
			results.command = System.getenv().getOrDefault("BENCH_COMMAND",
					"java io.shouhu.bench.Bench " + String.join(" ", o.raw));
			results.options = o;
			results.when = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT);
			results.machine = machine();
			results.git = git(o.repo);
			say("Shouhu report-intake benchmark — " + results.when);
			say("machine: " + results.machine);
			say("commit:  " + results.git);

			var context = new FhirServerConfiguration().fhirContext();
			ReportGenerator generator = new ReportGenerator(context, o.repo.resolve("docs/demo/report-example.json"),
					SEED);
			SplittableRandom random = new SplittableRandom(SEED);
			List<String> floorBundles = new ArrayList<>();
			long bytes = 0;
			for (int i = 0; i < FLOOR_BUNDLES; i++) {
				Report report = generator.next(random);
				floorBundles.add(report.json());
				bytes += report.body().length;
			}
			results.bundleKb = bytes / 1024.0 / FLOOR_BUNDLES;
			Path target = o.repo.resolve("bench/target");
			Files.createDirectories(target);
			Files.writeString(target.resolve("sample-report.json"), floorBundles.get(0));
			say(String.format(Locale.ROOT, "report Bundles: %.1f KB on average (one DocumentReference with a ~15 KB "
					+ "photo); a sample is in bench/target/sample-report.json", results.bundleKb));

			if (o.server) {
				results.jar = jarFacts(o.jar);
				say("server:  " + o.jar + " (" + results.jar + ")");
				say("         JVM flags: " + o.serverJvm);
				try {
					serverPhases(generator);
				}
				catch (Exception ex) {
					results.failure = ex.toString();
					say("SERVER PHASES FAILED: " + ex);
				}
			}
			if (o.floor) {
				floor(floorBundles);
			}
			String table = results.markdown();
			say("");
			say(table);
			if (o.writeDocs) {
				writeDocs(o.docs, results.docsSection(table));
				say("results written to " + o.docs);
			}
			return results.failure == null ? 0 : 1;
		}

		private void serverPhases(ReportGenerator generator) throws Exception {
			HttpClient http = ServerStart.httpClient();
			try (ServerProcess server = new ServerProcess(o.jar, o.serverJvmArgs(), o.keepData,
					o.repo.resolve("bench/target/server.log"));
					HospitalTokens tokens = new HospitalTokens(http, o.repo.resolve("docs/demo/keys"))) {
				tokens.loadKeys(ReportGenerator.HOSPITALS.stream().map(ReportGenerator.Hospital::id).toList());
				LoadRunner runner = new LoadRunner(http, server.baseUrl(), tokens, generator, server, SEED + 1);
				SplittableRandom random = new SplittableRandom(SEED + 2);
				Report first = generator.next(random);
				tokens.tokenEndpoint(server.baseUrl() + "/oauth2/token");
				say("");
				say("starting the server in " + server.workDir() + ": " + String.join(" ", server.command()));

				// 1. process start -> first accepted report (token + report, polled every 50 ms)
				results.startSeconds = ServerStart.startAndAwaitFirst(server, o.startupTimeout, "report",
						() -> runner.send(first));
				results.startedLine = server.startedLine();
				say(String.format(Locale.ROOT, "first accepted report %.2f s after process start (%s)",
						results.startSeconds, results.startedLine));
				results.rssAfterStartMb = server.currentRssMb();

				// SMART discovery names the token endpoint the assertions' aud must match
				ServerStart.prepareTokens(http, server, tokens,
						ReportGenerator.HOSPITALS.stream().map(ReportGenerator.Hospital::id).toList());
				results.probe = probe(runner, generator, random);
				say("validation probe: " + results.probe);

				// 2. warm-up, closed loop phases, open loop
				if (!o.warmup.isZero()) {
					say("warm-up: closed loop, concurrency 8, " + o.warmup.toSeconds() + " s");
					Phase warm = runner.closed("warm-up c=8", 8, o.warmup);
					say(line(warm));
					if (warm.accepted == 0) {
						throw new IllegalStateException("no report accepted in the warm-up: " + warm.errorSummary()
								+ " " + warm.samples);
					}
				}
				for (int c : o.concurrency) {
					settle();
					say("closed loop, concurrency " + c + ", " + o.duration.toSeconds() + " s");
					Phase phase = runner.closed("closed c=" + c, c, o.duration);
					results.closed.add(phase);
					say(line(phase));
				}
				if (!o.openDuration.isZero()) {
					settle();
					say("open loop, " + o.openRate + " reports/s, " + o.openDuration.toSeconds() + " s");
					Phase open = runner.open("open " + o.openRate + "/s", o.openRate, o.openDuration);
					results.open = open;
					say(line(open));
				}
				results.peakRssMb = server.peakRssMb();
				results.rssEndMb = server.currentRssMb();
				results.tokensFetched = tokens.fetched();
				say(String.format(Locale.ROOT, "server peak RSS (VmHWM) %.0f MB; at the end %.0f MB; %d tokens fetched",
						results.peakRssMb, results.rssEndMb, results.tokensFetched));
			}
		}

		/** Three seconds between phases, so one phase's backlog does not land in the next. */
		private static void settle() throws InterruptedException {
			Thread.sleep(3000);
		}

		/**
		 * Posts a report whose Patient breaks core FHIR invariant pat-1 (a contact with neither name,
		 * telecom, address nor organization). Only a profile validator notices.
		 */
		private String probe(LoadRunner runner, ReportGenerator generator, SplittableRandom random) {
			Report report = generator.next(random);
			String json = report.json();
			String patient = "\"resourceType\":\"Patient\",";
			if (!json.contains(patient)) {
				return "not run (no Patient in the Bundle)";
			}
			json = json.replace(patient, patient + "\"contact\":[{\"gender\":\"female\"}],");
			Outcome outcome = runner
				.send(new Report(json.getBytes(StandardCharsets.UTF_8), report.hospital(), report.key()));
			results.validationOn = outcome.status() == 422;
			String text = switch (outcome.status()) {
				case 200 -> "accepted (200) a Bundle violating pat-1: profile validation is NOT wired into intake";
				case 422 -> "refused (422) a Bundle violating pat-1: profile validation is wired into intake";
				default -> "unexpected answer " + outcome.key() + " to a Bundle violating pat-1";
			};
			return text;
		}

		private void floor(List<String> bundles) throws Exception {
			say("");
			say("validation floor: " + o.floorThreads + " threads, warm-up " + o.floorWarmup.toSeconds()
					+ " s, measured " + o.floorDuration.toSeconds() + " s");
			ValidationFloor.Result result = ValidationFloor.measure(ValidationFloor.Kind.REPORT_VALIDATOR, bundles,
					o.floorThreads, o.floorWarmup, o.floorDuration);
			results.floor = result.toMap();
			say(floorLine(results.floor));
			int cores = Runtime.getRuntime().availableProcessors();
			if (o.floorThreads != cores) {
				// The validation target is per core: the same on one thread per core, as STACK-NOTES counts
				// HAPI's 14 ms; more threads than cores share caches and count that in.
				say("validation per core: the same on " + cores + " threads");
				results.perCore = ValidationFloor.measure(ValidationFloor.Kind.REPORT_VALIDATOR, bundles, cores,
						o.floorWarmup, o.floorDuration).toMap();
				say(floorLine(results.perCore));
			}
			if (o.floorBaseline) {
				say("baseline: HAPI's validator with the default support chain and HAPI's own oidregistry.csv");
				results.baseline = baseline(bundles);
				say(floorLine(results.baseline));
			}
		}

		/**
		 * The "before" figure in a class loader of its own, without any jar that overrides
		 * {@code oidregistry.csv} (the shortcut described in STACK-NOTES), so HAPI runs as shipped.
		 */
		@SuppressWarnings("unchecked")
		private Map<String, Object> baseline(List<String> bundles) throws Exception {
			List<URL> urls = new ArrayList<>();
			List<String> dropped = new ArrayList<>();
			for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
				if (entry.isBlank()) {
					continue;
				}
				Path path = Path.of(entry);
				if (!path.getFileName().toString().startsWith("org.hl7.fhir.utilities") && hasOidRegistry(path)) {
					dropped.add(path.getFileName().toString());
					continue;
				}
				urls.add(path.toUri().toURL());
			}
			try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new),
					ClassLoader.getPlatformClassLoader())) {
				Class<?> floor = loader.loadClass(ValidationFloor.class.getName());
				Method measure = floor.getMethod("measureAsMap", String.class, List.class, int.class, long.class,
						long.class);
				// HAPI finds its cache provider with the context class loader; the workers inherit it
				ClassLoader previous = Thread.currentThread().getContextClassLoader();
				Thread.currentThread().setContextClassLoader(loader);
				try {
					Map<String, Object> map = (Map<String, Object>) measure.invoke(null, "HAPI_DEFAULT", bundles,
							o.floorThreads, o.floorWarmup.toMillis(), o.floorDuration.toMillis());
					map.put("dropped", dropped);
					return map;
				}
				finally {
					Thread.currentThread().setContextClassLoader(previous);
				}
			}
		}

		private static boolean hasOidRegistry(Path path) {
			if (Files.isDirectory(path)) {
				return Files.exists(path.resolve("oidregistry.csv"));
			}
			try (ZipFile zip = new ZipFile(path.toFile())) {
				return zip.getEntry("oidregistry.csv") != null;
			}
			catch (IOException ex) {
				return false;
			}
		}

		private static String line(Phase p) {
			return String.format(Locale.ROOT,
					"  %-12s %7.1f reports/s  p50 %6.1f  p95 %6.1f  p99 %6.1f  max %7.1f ms  accepted %d  errors %d %s"
							+ "\n               server CPU %.1f ms/report, bench CPU %.1f ms/report, other processes %.0f%% of the"
							+ " machine; peak RSS %.0f MB; store %.0f MB",
					p.name, p.throughput(), p.ms(50), p.ms(95), p.ms(99), p.maxMs(), p.accepted, p.errorCount(),
					p.errorSummary(), p.accepted == 0 ? Double.NaN : (double) p.serverCpuMs / p.accepted,
					p.accepted == 0 ? Double.NaN : (double) p.benchCpuMs / p.accepted, p.othersPercent, p.peakRssMb,
					p.dataMb) + (p.samples.isEmpty() ? "" : "\n    first errors: " + p.samples);
		}

		private static String floorLine(Map<String, Object> f) {
			return String.format(Locale.ROOT,
					"  %s\n  %.1f bundles/s on %d threads  p50 %.1f  p95 %.1f  p99 %.1f ms  CPU %.2f ms/bundle"
							+ " (whole JVM %.2f ms/bundle, GC %.0f ms in all; other processes %.0f%% of the machine)"
							+ "\n  validator built in %.0f ms, first validation %.0f ms; oidregistry.csv from %s"
							+ "\n  first bundle: %d errors, %d warnings %s; bundles with errors in the run: %d",
					f.get("validator"), f.get("throughput"), f.get("threads"), f.get("p50"), f.get("p95"), f.get("p99"),
					f.get("cpuMsPerBundle"), f.get("processCpuMsPerBundle"), f.get("gcMs"), f.get("othersPercent"),
					f.get("setupMs"), f.get("coldMs"), f.get("oidRegistry"),
					((List<?>) f.get("firstErrors")).size(), f.get("firstWarnings"),
					((List<?>) f.get("firstErrors")).isEmpty() ? "" : f.get("firstErrors"), f.get("invalidBundles"));
		}
	}

	/** One line of the bench's output, at once. */
	public static void say(String text) {
		System.out.println(text);
		System.out.flush();
	}

	/** Replaces the results section of the performance document (or appends it, or creates the file). */
	static void writeDocs(Path docs, String section) throws IOException {
		String block = BEGIN + "\n" + section.strip() + "\n" + END + "\n";
		String text;
		if (Files.exists(docs)) {
			String existing = Files.readString(docs);
			int begin = existing.indexOf(BEGIN);
			int end = existing.indexOf(END);
			if (begin >= 0 && end > begin) {
				text = existing.substring(0, begin) + block + existing.substring(end + END.length()).replaceFirst("^\n", "");
			}
			else {
				text = existing.stripTrailing() + "\n\n## Results\n\n" + block;
			}
		}
		else {
			Files.createDirectories(docs.getParent());
			text = "# Performance\n\n## Results\n\n" + block;
		}
		Files.writeString(docs, text);
	}

	/** The machine a run measured: cores, CPU model, memory, OS and JDK. */
	public static String machine() {
		String cpu = "?";
		String mem = "?";
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter(l -> l.startsWith("model name"))
				.findFirst()
				.map(l -> l.substring(l.indexOf(':') + 1).trim())
				.orElse("?");
			mem = Files.readAllLines(Path.of("/proc/meminfo"))
				.stream()
				.filter(l -> l.startsWith("MemTotal"))
				.findFirst()
				.map(l -> Math.round(Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0) + " GB RAM")
				.orElse("?");
		}
		catch (IOException ex) {
			// not Linux
		}
		return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + mem + ", "
				+ System.getProperty("os.name") + " " + System.getProperty("os.version") + ", JDK "
				+ System.getProperty("java.vm.version");
	}

	static String git(Path repo) {
		try {
			String head = exec(repo, "git", "rev-parse", "--short", "HEAD").strip();
			String dirty = exec(repo, "git", "status", "--porcelain", "--untracked-files=no").strip();
			return head + (dirty.isEmpty() ? "" : " with uncommitted changes");
		}
		catch (Exception ex) {
			return "?";
		}
	}

	private static String exec(Path dir, String... command) throws IOException, InterruptedException {
		Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		p.waitFor();
		return out;
	}

	/**
	 * What the jar says about validation: whether the FHIR adapter inside has {@code ReportValidator},
	 * whether {@code ProcessMessageProvider} refers to it, and which {@code oidregistry.csv} the server's
	 * class loader finds first. For the nested jar: BOOT-INF/classes, then the libraries in
	 * classpath.idx order; for the extracted layout (the README's): the application jar, then its
	 * manifest's Class-Path in order.
	 */
	static String jarFacts(Path jar) {
		try (JarFile app = new JarFile(jar.toFile())) {
			boolean nested = app.getJarEntry("BOOT-INF/classpath.idx") != null;
			List<String> libraries = nested ? nestedLibraries(app) : manifestLibraries(app);
			long bytes = Files.size(jar);
			if (!nested) {
				for (String library : libraries) {
					bytes += Files.size(jar.resolveSibling(library));
				}
			}
			String size = String.format(Locale.ROOT, "%.0f MB%s", bytes / 1024.0 / 1024.0,
					nested ? "" : " with its " + libraries.size() + " libraries, extracted");
			String adapter = libraries.stream()
				.filter(name -> name.substring(name.lastIndexOf('/') + 1).startsWith("shouhu-fhir-adapter"))
				.findFirst()
				.orElse(null);
			if (adapter == null) {
				return size + "; no shouhu-fhir-adapter inside";
			}
			boolean validator = false;
			boolean wired = false;
			try (JarInputStream in = new JarInputStream(library(app, jar, nested, adapter))) {
				JarEntry e;
				while ((e = in.getNextJarEntry()) != null) {
					if (e.getName().equals("io/shouhu/fhir/ReportValidator.class")) {
						validator = true;
					}
					else if (e.getName().equals("io/shouhu/fhir/ProcessMessageProvider.class")) {
						wired = contains(in, "ReportValidator");
					}
				}
			}
			Path archive = ServerProcess.classDataArchive(jar);
			String sharing = nested ? ""
					: archive == null ? "; no class-data-sharing archive beside it: started without one"
							: String.format(Locale.ROOT, "; started with its class-data-sharing archive (%.0f MB)",
									Files.size(archive) / 1024.0 / 1024.0);
			return size + "; ReportValidator " + (validator ? "present" : "ABSENT") + ", ProcessMessageProvider "
					+ (wired ? "uses it" : "does NOT use it") + "; the server reads oidregistry.csv from "
					+ oidRegistry(app, jar, nested, libraries) + sharing;
		}
		catch (IOException ex) {
			return "unreadable: " + ex.getMessage();
		}
	}

	private static List<String> nestedLibraries(JarFile boot) throws IOException {
		String idx = new String(boot.getInputStream(boot.getJarEntry("BOOT-INF/classpath.idx")).readAllBytes(),
				StandardCharsets.UTF_8);
		List<String> names = new ArrayList<>();
		for (String line : idx.split("\n")) {
			String name = line.replaceAll("^- \"|\"$", "").strip();
			if (!name.isEmpty()) {
				names.add(name);
			}
		}
		return names;
	}

	private static List<String> manifestLibraries(JarFile app) throws IOException {
		String classPath = app.getManifest() == null ? null : app.getManifest().getMainAttributes().getValue("Class-Path");
		return classPath == null ? List.of() : List.of(classPath.strip().split("\\s+"));
	}

	private static InputStream library(JarFile app, Path jar, boolean nested, String name) throws IOException {
		return nested ? app.getInputStream(app.getJarEntry(name)) : Files.newInputStream(jar.resolveSibling(name));
	}

	private static String oidRegistry(JarFile app, Path jar, boolean nested, List<String> libraries)
			throws IOException {
		String own = nested ? "BOOT-INF/classes/oidregistry.csv" : "oidregistry.csv";
		JarEntry entry = app.getJarEntry(own);
		if (entry != null) {
			return describe(nested ? "BOOT-INF/classes" : "the application jar", entry.getSize());
		}
		for (String name : libraries) {
			if (nested && app.getJarEntry(name) == null) {
				continue;
			}
			try (JarInputStream in = new JarInputStream(library(app, jar, nested, name))) {
				JarEntry e;
				while ((e = in.getNextJarEntry()) != null) {
					if (e.getName().equals("oidregistry.csv")) {
						return describe(name, in.readAllBytes().length);
					}
				}
			}
		}
		return "nowhere";
	}

	private static String describe(String where, long bytes) {
		return where + " (" + bytes + " bytes: " + (bytes < 4096 ? "the header-only stub" : "HAPI's full list") + ")";
	}

	private static boolean contains(InputStream in, String text) throws IOException {
		return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(text);
	}
}
