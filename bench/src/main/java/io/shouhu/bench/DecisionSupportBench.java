package io.shouhu.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.shouhu.bench.LoadRunner.Outcome;
import io.shouhu.bench.LoadRunner.Phase;
import io.shouhu.fhir.FhirServerConfiguration;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * The decision-support benchmark (issue 7, point 6): "is this reportable?" asked the two ways a HIS
 * asks it, {@code POST /fhir/$assess-reportability} and the CDS Hooks service
 * {@code POST /cds-services/shouhu-reportability}, against the server jar started as a child process
 * (as {@link Bench} does, through {@link ServerStart}), with hospital tokens of the demo identity
 * provider. The visits are the casework scenario corpus ({@code reportability/scenarios.json}: matches,
 * no matches, adults, several Conditions, odd codes), each filled out as a HIS sends it. First every
 * visit is asked once through each endpoint and the answer compared with the corpus; then, per
 * endpoint, a warm-up and a closed loop at concurrency 8 (and 1), each request a random visit. Prints
 * and writes to {@code docs/performance.md} (between the decision-support markers) the throughput,
 * p50/p95/p99/max, errors (any answer but 200), CPU, load average and the server's RSS.
 */
public final class DecisionSupportBench {

	static final String BEGIN = "<!-- decision-support:begin -->";

	static final String END = "<!-- decision-support:end -->";

	static final String HEADING = "## Decision support (issue 7)";

	static final double TARGET_P99_MS = 30;

	static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";

	static final String SCENARIOS = "casework/src/test/resources/reportability/scenarios.json";

	private static final long SEED = 20261129L;

	private static final String HOOK_INSTANCE = "00000000-0000-4000-8000-00000000beef";

	private DecisionSupportBench() {
	}

	/** The two ways to ask. */
	enum Endpoint {

		ASSESS("$assess-reportability", "/fhir/$assess-reportability", "application/fhir+json; charset=UTF-8",
				"application/fhir+json"),
		CDS("CDS Hooks patient-view", "/cds-services/shouhu-reportability", "application/json; charset=UTF-8",
				"application/json");

		final String label;

		final String path;

		final String contentType;

		final String accept;

		Endpoint(String label, String path, String contentType, String accept) {
			this.label = label;
			this.path = path;
			this.contentType = contentType;
			this.accept = accept;
		}
	}

	/**
	 * One visit of the corpus as both requests: the Parameters body of the operation, and the CDS Hooks
	 * request in two halves around its {@code hookInstance} (a fresh UUID per call).
	 */
	record Visit(String name, String hospital, Map<String, String> expected, byte[] assess, byte[] hookBefore,
			byte[] hookAfter, int conditions, boolean minor) {

		byte[] body(Endpoint endpoint) {
			if (endpoint == Endpoint.ASSESS) {
				return assess;
			}
			byte[] uuid = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
			byte[] body = new byte[hookBefore.length + uuid.length + hookAfter.length];
			System.arraycopy(hookBefore, 0, body, 0, hookBefore.length);
			System.arraycopy(uuid, 0, body, hookBefore.length, uuid.length);
			System.arraycopy(hookAfter, 0, body, hookBefore.length + uuid.length, hookAfter.length);
			return body;
		}
	}

	public static void main(String[] args) {
		CommandLine.exit(() -> {
			Opts options = Opts.parse(args);
			CommandLine.watchdog("decision-support benchmark", timeLimit(options));
			return new Run(options).run();
		});
	}

	/** How long the run may take before the watchdog ends it (a hung server or client). */
	private static Duration timeLimit(Opts o) {
		return o.startupTimeout.plus(o.warmup.multipliedBy(2))
			.plus(o.duration.multipliedBy(2L * o.rounds))
			.plus(o.single.multipliedBy(2))
			.plus(Duration.ofMinutes(5));
	}

	// ------------------------------------------------------------------------------------------ options

	static final class Opts {

		static final String USAGE = """
				Usage: bash bench/decision-support.sh [options]

				  --duration D          each measured closed loop at --concurrency, per endpoint (default 45s);
				                        D is 45s, 2m, 500ms or seconds
				  --warmup D            warm-up per endpoint at --concurrency, not measured (default 15s)
				  --concurrency N       closed-loop workers of the measured phases (default 8)
				  --rounds N            measured phases per endpoint, alternating the endpoints (default 1)
				  --single D            then a closed loop at concurrency 1 per endpoint (default 20s; 0 skips)
				  --server-jvm ARGS     JVM flags of the server (default "-Xms512m -Xmx512m -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=70", the README's), e.g.
				                        add -XX:StartFlightRecording=filename=/tmp/ds.jfr,settings=profile
				  --jar PATH            server jar (default server/target/shouhu/shouhu-server.jar)
				  --repo PATH           repository root: demo keys, scenario corpus, docs (default .)
				  --scenarios PATH      the visits (default casework/src/test/resources/reportability/scenarios.json)
				  --docs PATH           where to write the results (default docs/performance.md)
				  --no-docs             do not write the results section
				  --keep-data           keep the server's temp directory (store and log)
				  --startup-timeout D   give up waiting for the server (default 180s)
				""";

		Duration duration = Duration.ofSeconds(45);

		Duration warmup = Duration.ofSeconds(15);

		int concurrency = 8;

		int rounds = 1;

		Duration single = Duration.ofSeconds(20);

		String serverJvm = Options.DEFAULT_SERVER_JVM;

		Path jar;

		Path repo = Path.of(".");

		Path scenarios;

		Path docs;

		boolean writeDocs = true;

		boolean keepData;

		Duration startupTimeout = Duration.ofSeconds(180);

		final List<String> raw = new ArrayList<>();

		static Opts parse(String[] args) {
			Opts o = new Opts();
			o.raw.addAll(List.of(args));
			CommandLine.parse(args, USAGE, flag -> {
				switch (flag) {
					case "--no-docs" -> o.writeDocs = false;
					case "--keep-data" -> o.keepData = true;
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
			if (o.scenarios == null) {
				o.scenarios = o.repo.resolve(SCENARIOS);
			}
			if (!Files.isRegularFile(o.jar)) {
				throw new IllegalArgumentException("no server jar at " + o.jar + " (build it: mvn -B -ntp -DskipTests package)");
			}
			if (!Files.isDirectory(o.repo.resolve("docs/demo/keys"))) {
				throw new IllegalArgumentException("not the repository root (no docs/demo/keys): " + o.repo);
			}
			if (!Files.isRegularFile(o.scenarios)) {
				throw new IllegalArgumentException("no scenario corpus at " + o.scenarios);
			}
			if (o.duration.isZero()) {
				throw new IllegalArgumentException("--duration must be more than 0");
			}
			return o;
		}

		private void set(String name, String value) {
			switch (name) {
				case "--duration" -> duration = Options.duration(value);
				case "--warmup" -> warmup = Options.duration(value);
				case "--single" -> single = Options.duration(value);
				case "--concurrency" -> {
					concurrency = Integer.parseInt(value.trim());
					if (concurrency < 1 || concurrency > 256) {
						throw new IllegalArgumentException("--concurrency must be 1..256");
					}
				}
				case "--rounds" -> {
					rounds = Integer.parseInt(value.trim());
					if (rounds < 1 || rounds > 10) {
						throw new IllegalArgumentException("--rounds must be 1..10");
					}
				}
				case "--server-jvm" -> serverJvm = value.trim();
				case "--jar" -> jar = Path.of(value).toAbsolutePath();
				case "--repo" -> repo = Path.of(value);
				case "--scenarios" -> scenarios = Path.of(value).toAbsolutePath();
				case "--docs" -> docs = Path.of(value).toAbsolutePath();
				case "--startup-timeout" -> startupTimeout = Options.duration(value);
				default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
			}
		}

		List<String> serverJvmArgs() {
			List<String> list = new ArrayList<>();
			for (String part : serverJvm.split("\\s+")) {
				if (!part.isBlank()) {
					list.add(part);
				}
			}
			return list;
		}
	}

	// --------------------------------------------------------------------------------------------- visits

	/**
	 * The corpus's visits as a HIS sends them: the Patient with a resident ID number, name and address,
	 * the Encounter of the day, one Condition per code (clinical and verification status, category,
	 * subject, encounter, recorded date), from hospitals 01–11 in turn, each with one of its own
	 * workstations.
	 */
	@SuppressWarnings("unchecked")
	static List<Visit> visits(FhirContext fhir, Path corpus) throws Exception {
		Map<String, Object> root = JSONObjectUtils.parse(Files.readString(corpus));
		List<Object> scenarios = (List<Object>) root.get("scenarios");
		IParser json = fhir.newJsonParser();
		SplittableRandom random = new SplittableRandom(SEED);
		List<Visit> visits = new ArrayList<>();
		for (int i = 0; i < scenarios.size(); i++) {
			Map<String, Object> s = (Map<String, Object>) scenarios.get(i);
			ReportGenerator.Hospital hospital = ReportGenerator.HOSPITALS.get(i % ReportGenerator.HOSPITALS.size());
			String workstation = hospital.workstation(i);
			String born = (String) s.get("birthDate");
			String sex = (String) s.get("sex");
			String day = (String) s.get("encounterDate");
			String patientId = "pat-" + (100_000 + i);
			String encounterId = "enc-" + (500_000 + i);
			String his = "https://his." + hospital.id() + ".example.cn/fhir/sid/";

			Patient patient = new Patient();
			patient.setId(patientId);
			patient.addIdentifier()
				.setSystem("urn:oid:2.16.156.10011.1.3")
				.setValue(ReportGenerator.nationalId(LocalDate.parse(born), random))
				.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0203", "NI", null)));
			patient.addIdentifier().setSystem(his + "mrn").setValue("MRN" + (7_000_000 + i));
			patient.addName(new HumanName().setUse(HumanName.NameUse.OFFICIAL)
				.setText("示例" + (i % 2 == 0 ? "小雨" : "子轩"))
				.setFamily("示例")
				.addGiven(i % 2 == 0 ? "小雨" : "子轩"));
			if (sex != null) {
				patient.setGender(AdministrativeGender.fromCode(sex));
			}
			patient.setBirthDateElement(new DateType(born));
			patient.addAddress().setText("浙江省温州市龙湾区永中街道示例路 " + (i + 1) + " 号").setCity("温州市").setDistrict("龙湾区");

			Encounter encounter = new Encounter().setStatus(Encounter.EncounterStatus.INPROGRESS)
				.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", i % 3 == 0 ? "EMER" : "AMB", null))
				.setSubject(new Reference("Patient/" + patientId))
				.setPeriod(new Period().setStartElement(new DateTimeType(day + "T" + String.format("%02d", 8 + i % 10)
						+ ":" + String.format("%02d", i % 60) + ":00+08:00")));
			encounter.setId(encounterId);
			encounter.addIdentifier().setSystem(his + "visit").setValue("V" + (9_000_000 + i));

			List<Condition> conditions = new ArrayList<>();
			int n = 1;
			for (Object code : (List<Object>) s.get("codes")) {
				Coding coding;
				if (code instanceof String text) {
					coding = new Coding(ICD10, text, null);
				}
				else {
					Map<String, Object> c = (Map<String, Object>) code;
					coding = new Coding((String) c.get("system"), (String) c.get("code"), null);
				}
				Condition condition = new Condition().setCode(new CodeableConcept(coding))
					.setClinicalStatus(new CodeableConcept(
							new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)))
					.setVerificationStatus(new CodeableConcept(
							new Coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "provisional", null)))
					.setSubject(new Reference("Patient/" + patientId))
					.setEncounter(new Reference("Encounter/" + encounterId))
					.setRecordedDateElement(new DateTimeType(day + "T12:00:00+08:00"));
				condition.addCategory(new CodeableConcept(new Coding(
						"http://terminology.hl7.org/CodeSystem/condition-category", "encounter-diagnosis", null)));
				condition.setId("cond-" + (600_000 + i) + "-" + n++);
				conditions.add(condition);
			}

			// the operation: a Parameters with the visit as a collection Bundle and the workstation
			Bundle visit = new Bundle().setType(Bundle.BundleType.COLLECTION);
			visit.addEntry().setFullUrl("Patient/" + patientId).setResource(patient);
			visit.addEntry().setFullUrl("Encounter/" + encounterId).setResource(encounter);
			Bundle searchset = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(conditions.size());
			for (Condition c : conditions) {
				visit.addEntry().setFullUrl("Condition/" + c.getIdElement().getIdPart()).setResource(c);
				searchset.addEntry()
					.setFullUrl(his.replace("/sid/", "/") + "Condition/" + c.getIdElement().getIdPart())
					.setResource(c)
					.getSearch()
					.setMode(Bundle.SearchEntryMode.MATCH);
			}
			Parameters parameters = new Parameters();
			parameters.addParameter().setName("bundle").setResource(visit);
			parameters.addParameter().setName("workstation").setValue(new StringType(workstation));
			byte[] assess = json.encodeResourceToString(parameters).getBytes(StandardCharsets.UTF_8);

			// CDS Hooks: patient-view with what its discovery asks to prefetch, plus the encounter
			String hook = "{\"hook\":\"patient-view\",\"hookInstance\":\"" + HOOK_INSTANCE + "\","
					+ "\"fhirServer\":\"https://his." + hospital.id() + ".example.cn/fhir\","
					+ "\"context\":{\"userId\":\"Practitioner/dr-" + (1 + i % 40) + "\",\"patientId\":\"" + patientId
					+ "\",\"encounterId\":\"" + encounterId + "\"},"
					+ "\"extension\":{\"io.shouhu.workstation\":\"" + workstation + "\"},"
					+ "\"prefetch\":{\"patient\":" + json.encodeResourceToString(patient) + ",\"conditions\":"
					+ json.encodeResourceToString(searchset) + ",\"encounter\":" + json.encodeResourceToString(encounter)
					+ "}}";
			int at = hook.indexOf(HOOK_INSTANCE);
			byte[] before = hook.substring(0, at).getBytes(StandardCharsets.UTF_8);
			byte[] after = hook.substring(at + HOOK_INSTANCE.length()).getBytes(StandardCharsets.UTF_8);

			Map<String, String> expected = new LinkedHashMap<>();
			((Map<String, Object>) s.getOrDefault("expect", Map.of()))
				.forEach((k, v) -> expected.put(k, String.valueOf(v)));
			boolean minor = LocalDate.parse(born).plusYears(18).isAfter(LocalDate.parse(day));
			visits.add(new Visit((String) s.get("name"), hospital.id(), expected, assess, before, after,
					conditions.size(), minor));
		}
		return visits;
	}

	// ------------------------------------------------------------------------------------------------ run

	/** One measured phase: its figures and the load average around it. */
	record Measured(Endpoint endpoint, int concurrency, int round, Phase phase, double answerKb, String loadBefore,
			String loadAfter) {
	}

	private static final class Run {

		private final Opts o;

		private final List<Measured> measured = new ArrayList<>();

		private final List<String> notes = new ArrayList<>();

		private HttpClient http;

		private HospitalTokens tokens;

		private String base;

		private String when;

		private String loadStart;

		private String loadEnd;

		private double startSeconds = Double.NaN;

		private String startedLine;

		private double rssAfterStartMb = Double.NaN;

		private double peakRssMb = Double.NaN;

		private double rssEndMb = Double.NaN;

		private int mismatches;

		private int verified;

		private String failure;

		Run(Opts options) {
			this.o = options;
		}

		int run() throws Exception {
			when = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT);
			loadStart = loadavg();
			Bench.say("Shouhu decision-support benchmark — " + when);
			Bench.say("machine: " + Bench.machine());
			Bench.say("commit:  " + commit(o.repo));
			Bench.say("load average: " + loadStart);

			FhirContext fhir = new FhirServerConfiguration().fhirContext();
			List<Visit> visits = visits(fhir, o.scenarios);
			Path target = o.repo.resolve("bench/target");
			Files.createDirectories(target);
			Visit sample = visits.stream().filter(v -> v.conditions() >= 2 && !v.expected().isEmpty()).findFirst()
				.orElse(visits.get(0));
			Files.write(target.resolve("ds-sample-assess.json"), sample.body(Endpoint.ASSESS));
			Files.write(target.resolve("ds-sample-hook.json"), sample.body(Endpoint.CDS));
			Bench.say(mix(visits) + "; samples in bench/target/ds-sample-assess.json and ds-sample-hook.json");

			http = ServerStart.httpClient();
			try (ServerProcess server = new ServerProcess(o.jar, o.serverJvmArgs(), List.of(), o.keepData,
					o.repo.resolve("bench/target/decision-support-server.log"));
					HospitalTokens hospitalTokens = new HospitalTokens(http, o.repo.resolve("docs/demo/keys"))) {
				tokens = hospitalTokens;
				List<String> hospitals = ReportGenerator.HOSPITALS.stream().map(ReportGenerator.Hospital::id).toList();
				tokens.loadKeys(hospitals);
				base = server.baseUrl();
				tokens.tokenEndpoint(base + "/oauth2/token");
				Bench.say("");
				Bench.say("starting the server in " + server.workDir() + ": " + String.join(" ", server.command()));
				Visit first = visits.get(0);
				startSeconds = ServerStart.startAndAwaitFirst(server, o.startupTimeout, "CDS Hooks call",
						() -> send(Endpoint.CDS, first, null));
				startedLine = server.startedLine();
				rssAfterStartMb = server.currentRssMb();
				Bench.say(String.format(Locale.ROOT, "first CDS Hooks answer %.2f s after process start (%s)", startSeconds,
						startedLine));
				ServerStart.prepareTokens(http, server, tokens, hospitals);
				try {
					phases(server, visits);
				}
				catch (Exception ex) {
					failure = ex.toString();
					Bench.say("PHASES FAILED: " + ex);
					ex.printStackTrace();
				}
				peakRssMb = server.peakRssMb();
				rssEndMb = server.currentRssMb();
				Bench.say(String.format(Locale.ROOT, "server peak RSS (VmHWM) %.0f MB; at the end %.0f MB; %d tokens fetched",
						peakRssMb, rssEndMb, tokens.fetched()));
			}
			loadEnd = loadavg();
			Bench.say("load average: " + loadEnd);
			String table = table();
			Bench.say("");
			Bench.say(table);
			if (o.writeDocs) {
				writeDocs(o.docs, section(visits, table));
				Bench.say("results written to " + o.docs);
			}
			boolean errors = measured.stream().anyMatch(m -> m.phase().errorCount() > 0);
			return failure == null && mismatches == 0 && !errors ? 0 : 1;
		}

		private void phases(ServerProcess server, List<Visit> visits) throws Exception {
			// 1. every visit once through each endpoint, the answer compared with the corpus
			for (Endpoint endpoint : Endpoint.values()) {
				for (Visit visit : visits) {
					LongAdder size = new LongAdder();
					String[] answer = new String[1];
					Outcome outcome = send(endpoint, visit, size, answer);
					verified++;
					String problem;
					if (!outcome.accepted()) {
						problem = outcome.key() + " " + outcome.body();
					}
					else {
						Map<String, String> found = endpoint == Endpoint.ASSESS ? fromParameters(answer[0])
								: fromCards(answer[0]);
						problem = found.equals(visit.expected()) ? null
								: "found " + found + ", the corpus expects " + visit.expected();
					}
					if (problem != null) {
						mismatches++;
						if (notes.size() < 5) {
							notes.add(endpoint.label + " \"" + visit.name() + "\": " + problem);
						}
					}
				}
			}
			Bench.say(String.format(Locale.ROOT, "answers checked against the corpus: %d of %d as expected", verified - mismatches,
					verified));
			notes.forEach(n -> Bench.say("  " + n));

			// 2. warm-up per endpoint, then the measured phases
			SplittableRandom seeds = new SplittableRandom(SEED + 1);
			if (!o.warmup.isZero()) {
				for (Endpoint endpoint : Endpoint.values()) {
					Bench.say("warm-up: " + endpoint.label + ", concurrency " + o.concurrency + ", " + seconds(o.warmup)
							+ ", from " + utc());
					Measured warm = phase(server, visits, seeds, endpoint, o.concurrency, 0, o.warmup);
					Bench.say(line(warm));
					if (warm.phase().accepted == 0) {
						throw new IllegalStateException("nothing answered 200 in the warm-up: "
								+ warm.phase().errorSummary() + " " + warm.phase().samples);
					}
				}
			}
			for (int round = 1; round <= o.rounds; round++) {
				for (Endpoint endpoint : Endpoint.values()) {
					settle();
					Bench.say(endpoint.label + ", concurrency " + o.concurrency + ", " + seconds(o.duration)
							+ (o.rounds > 1 ? ", round " + round : "") + ", from " + utc());
					Measured m = phase(server, visits, seeds, endpoint, o.concurrency, round, o.duration);
					measured.add(m);
					Bench.say(line(m));
				}
			}
			if (!o.single.isZero() && o.concurrency != 1) {
				for (Endpoint endpoint : Endpoint.values()) {
					settle();
					Bench.say(endpoint.label + ", concurrency 1, " + seconds(o.single) + ", from " + utc());
					Measured m = phase(server, visits, seeds, endpoint, 1, 1, o.single);
					measured.add(m);
					Bench.say(line(m));
				}
			}
		}

		private Measured phase(ServerProcess server, List<Visit> visits, SplittableRandom seeds, Endpoint endpoint,
				int concurrency, int round, Duration duration) throws InterruptedException {
			String name = (round == 0 ? "warm-up " : "") + endpoint.name().toLowerCase(Locale.ROOT) + " c=" + concurrency;
			LongAdder requestBytes = new LongAdder();
			LongAdder answerBytes = new LongAdder();
			LongAdder sent = new LongAdder();
			String before = loadavg();
			Phase phase = LoadRunner.closed(name, concurrency, duration, seeds.split(), server, random -> {
				Visit visit = visits.get(random.nextInt(visits.size()));
				sent.increment();
				requestBytes.add(endpoint == Endpoint.ASSESS ? visit.assess().length
						: visit.hookBefore().length + 36 + visit.hookAfter().length);
				return send(endpoint, visit, answerBytes);
			});
			String after = loadavg();
			long n = Math.max(1, sent.sum());
			phase.bodyKb = requestBytes.sum() / 1024.0 / n;
			return new Measured(endpoint, concurrency, round, phase, answerBytes.sum() / 1024.0 / n, before, after);
		}

		private Outcome send(Endpoint endpoint, Visit visit, LongAdder answerBytes) {
			return send(endpoint, visit, answerBytes, null);
		}

		/** One call with the visit's hospital's token; the answer's text goes to {@code answer[0]} if given. */
		private Outcome send(Endpoint endpoint, Visit visit, LongAdder answerBytes, String[] answer) {
			try {
				String token = tokens.token(visit.hospital());
				HttpRequest request = HttpRequest.newBuilder(URI.create(base + endpoint.path))
					.timeout(LoadRunner.REQUEST_TIMEOUT)
					.header("Content-Type", endpoint.contentType)
					.header("Accept", endpoint.accept)
					.header("Authorization", "Bearer " + token)
					.POST(HttpRequest.BodyPublishers.ofByteArray(visit.body(endpoint)))
					.build();
				HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
				if (answerBytes != null) {
					answerBytes.add(response.body().length);
				}
				if (answer != null) {
					answer[0] = new String(response.body(), StandardCharsets.UTF_8);
				}
				return new Outcome(response.statusCode(), null,
						response.statusCode() == 200 ? null : new String(response.body(), StandardCharsets.UTF_8));
			}
			catch (IOException | InterruptedException ex) {
				return Outcome.failed(ex);
			}
		}

		/** Situation → strength of the operation's {@code match} parameters. */
		@SuppressWarnings("unchecked")
		private static Map<String, String> fromParameters(String json) throws Exception {
			Map<String, String> found = new LinkedHashMap<>();
			for (Object p : (List<Object>) JSONObjectUtils.parse(json).getOrDefault("parameter", List.of())) {
				Map<String, Object> parameter = (Map<String, Object>) p;
				if (!"match".equals(parameter.get("name"))) {
					continue;
				}
				String situation = null;
				String strength = null;
				for (Object q : (List<Object>) parameter.get("part")) {
					Map<String, Object> part = (Map<String, Object>) q;
					if ("situation".equals(part.get("name"))) {
						situation = (String) ((Map<String, Object>) part.get("valueCoding")).get("code");
					}
					else if ("strength".equals(part.get("name"))) {
						strength = (String) part.get("valueCode");
					}
				}
				found.put(situation, strength);
			}
			return found;
		}

		/** Situation → strength of the hook's cards ({@code critical}: must-report, else consider). */
		@SuppressWarnings("unchecked")
		private static Map<String, String> fromCards(String json) throws Exception {
			Map<String, String> found = new LinkedHashMap<>();
			for (Object c : (List<Object>) JSONObjectUtils.parse(json).get("cards")) {
				Map<String, Object> card = (Map<String, Object>) c;
				Map<String, Object> topic = (Map<String, Object>) ((Map<String, Object>) card.get("source")).get("topic");
				found.put((String) topic.get("code"), "critical".equals(card.get("indicator")) ? "must-report" : "consider");
			}
			return found;
		}

		// ---------------------------------------------------------------------------------------- output

		private static String line(Measured m) {
			Phase p = m.phase();
			return String.format(Locale.ROOT,
					"  %-16s %7.1f req/s  p50 %6.2f  p95 %6.2f  p99 %6.2f  max %7.1f ms  answered 200: %d  errors %d %s"
							+ "\n                   request %.1f KB, answer %.1f KB; server CPU %.2f ms/req, bench CPU %.2f ms/req,"
							+ " other processes %.0f%% of the machine; load average %s -> %s; peak RSS %.0f MB",
					p.name, p.throughput(), p.ms(50), p.ms(95), p.ms(99), p.maxMs(), p.accepted, p.errorCount(),
					p.errorSummary(), p.bodyKb, m.answerKb(), perRequest(p.serverCpuMs, p), perRequest(p.benchCpuMs, p),
					p.othersPercent, m.loadBefore(), m.loadAfter(), p.peakRssMb)
					+ (p.samples.isEmpty() ? "" : "\n    first errors: " + p.samples);
		}

		private static double perRequest(long ms, Phase p) {
			return p.accepted == 0 ? Double.NaN : (double) ms / p.accepted;
		}

		String table() {
			StringBuilder out = new StringBuilder();
			out.append("| endpoint | concurrency | requests/s | p50 ms | p95 ms | p99 ms | max ms | answered 200 | errors "
					+ "| request / answer KB | server CPU ms/req | bench CPU ms/req | other processes' CPU | load average (1 min) before → after | server peak RSS MB |\n");
			out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|---:|\n");
			for (Measured m : measured) {
				Phase p = m.phase();
				out.append(String.format(Locale.ROOT,
						"| %s%s | %d | %.1f | %.2f | %.2f | %.2f | %.1f | %d | %s | %.1f / %.1f | %.2f | %.2f | %.0f%% | %s → %s | %.0f |\n",
						m.endpoint().label, o.rounds > 1 && m.concurrency() == o.concurrency ? " (round " + m.round() + ")" : "",
						m.concurrency(), p.throughput(), p.ms(50), p.ms(95), p.ms(99), p.maxMs(), p.accepted,
						p.errorCount() == 0 ? "0" : p.errorCount() + " " + p.errorSummary(), p.bodyKb, m.answerKb(),
						perRequest(p.serverCpuMs, p), perRequest(p.benchCpuMs, p), p.othersPercent,
						load1(m.loadBefore()), load1(m.loadAfter()), p.peakRssMb));
			}
			out.append('\n');
			for (Endpoint endpoint : Endpoint.values()) {
				List<Measured> at = measured.stream()
					.filter(m -> m.endpoint() == endpoint && m.concurrency() == o.concurrency)
					.toList();
				if (at.isEmpty()) {
					continue;
				}
				double p99 = at.stream().mapToDouble(m -> m.phase().ms(99)).max().orElse(Double.NaN);
				long errors = at.stream().mapToLong(m -> m.phase().errorCount()).sum();
				out.append(String.format(Locale.ROOT, "- p99 < %.0f ms at concurrency %d, %s: %.2f ms%s, %d errors — %s\n",
						TARGET_P99_MS, o.concurrency, endpoint.label, p99, at.size() > 1 ? " (worst round)" : "", errors,
						p99 < TARGET_P99_MS && errors == 0 ? "**met**" : "**missed**"));
			}
			out.append(String.format(Locale.ROOT, "- answers checked against the corpus before the load: %d of %d as expected%s\n",
					verified - mismatches, verified, notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")"));
			double others = measured.stream().mapToDouble(m -> m.phase().othersPercent).max().orElse(0);
			if (others > 10) {
				out.append(String.format(Locale.ROOT, "%n**Other processes used up to %.0f%% of the machine's CPU during this run "
						+ "(column \"other processes' CPU\"): the figures are disturbed; run again on a quiet machine.**%n",
						others));
			}
			return out.toString();
		}

		String section(List<Visit> visits, String table) {
			StringBuilder out = new StringBuilder();
			out.append("### Last run: ").append(when).append("\n\n");
			out.append("```\n")
				.append(System.getenv().getOrDefault("BENCH_COMMAND",
						"java io.shouhu.bench.DecisionSupportBench " + String.join(" ", o.raw)))
				.append("\n```\n\n");
			out.append("- machine: ").append(Bench.machine()).append('\n');
			out.append("- commit: ").append(commit(o.repo)).append('\n');
			out.append("- load average (`/proc/loadavg`): ").append(loadStart).append(" at the start, ").append(loadEnd)
				.append(" at the end\n");
			out.append(String.format(Locale.ROOT,
					"- phases: answers checked, then per endpoint a %s warm-up at concurrency %d, then closed loops of %s at "
							+ "concurrency %d%s%s, 3 s apart; each request a random visit of the corpus\n",
					seconds(o.warmup), o.concurrency, seconds(o.duration), o.concurrency,
					o.rounds > 1 ? " (" + o.rounds + " rounds, the endpoints alternating)" : "",
					o.single.isZero() || o.concurrency == 1 ? "" : " and of " + seconds(o.single) + " at concurrency 1"));
			out.append("- visits: ").append(mix(visits)).append('\n');
			out.append("- server: `").append(o.jar.getFileName()).append("`, JVM flags `").append(o.serverJvm)
				.append("`, fresh embedded store; ");
			out.append(String.format(Locale.ROOT, "first CDS Hooks answer %.1f s after process start", startSeconds));
			if (startedLine != null) {
				out.append(" (").append(startedLine.strip()).append(')');
			}
			out.append('\n');
			if (!Double.isNaN(rssAfterStartMb)) {
				out.append(String.format(Locale.ROOT, "- server RSS: %.0f MB after start, %.0f MB peak (VmHWM), %.0f MB at the end\n",
						rssAfterStartMb, peakRssMb, rssEndMb));
			}
			for (Measured m : measured) {
				if (!m.phase().samples.isEmpty()) {
					out.append("- first errors in ").append(m.phase().name).append(": ").append(m.phase().samples).append('\n');
				}
			}
			if (failure != null) {
				out.append("- **the run failed**: ").append(failure).append('\n');
			}
			out.append('\n').append(table);
			return out.toString();
		}
	}

	/** What the visits are: how many, how many reveal something, adults, Conditions, sizes. */
	static String mix(List<Visit> visits) {
		long matching = visits.stream().filter(v -> !v.expected().isEmpty()).count();
		long adults = visits.stream().filter(v -> !v.minor()).count();
		long several = visits.stream().filter(v -> v.conditions() >= 2).count();
		long none = visits.stream().filter(v -> v.conditions() == 0).count();
		double assessKb = visits.stream().mapToInt(v -> v.assess().length).average().orElse(0) / 1024.0;
		double hookKb = visits.stream().mapToInt(v -> v.hookBefore().length + 36 + v.hookAfter().length).average().orElse(0)
				/ 1024.0;
		return String.format(Locale.ROOT,
				"%d visits of the scenario corpus (`%s`): %d reveal a situation (a draft report in the answer), %d do not "
						+ "(%d of them adults); %d with two or more Conditions, %d with none; hospitals 01–11 in turn, each "
						+ "with a workstation of its own; %.1f KB per operation request, %.1f KB per hook request on average",
				visits.size(), SCENARIOS, matching, visits.size() - matching, adults, several, none, assessKb, hookKb);
	}

	/** The time of day in UTC, to find a phase in a JFR recording of the server. */
	private static String utc() {
		return java.time.LocalTime.now(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " UTC";
	}

	private static String seconds(Duration d) {
		return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
	}

	/** Three seconds between phases, so one phase's backlog does not land in the next. */
	private static void settle() throws InterruptedException {
		Thread.sleep(3000);
	}

	/**
	 * The commit checked out, read from the files under {@code .git} (a worktree's {@code .git} file
	 * names its directory; the branch's ref is a loose file or in {@code packed-refs} of the common
	 * directory); without telling whether there are changes. {@code ?} when it cannot be read.
	 */
	static String commit(Path repo) {
		try {
			Path git = repo.resolve(".git");
			if (Files.isRegularFile(git)) {
				git = repo.resolve(Files.readString(git).trim().replaceFirst("^gitdir:\\s*", "")).normalize();
			}
			Path common = git;
			if (Files.isRegularFile(git.resolve("commondir"))) {
				common = git.resolve(Files.readString(git.resolve("commondir")).trim()).normalize();
			}
			String head = Files.readString(git.resolve("HEAD")).trim();
			if (!head.startsWith("ref: ")) {
				return head.substring(0, Math.min(7, head.length()));
			}
			String ref = head.substring(5);
			String branch = ref.replaceFirst("^refs/heads/", "");
			for (Path dir : List.of(git, common)) {
				if (Files.isRegularFile(dir.resolve(ref))) {
					return Files.readString(dir.resolve(ref)).trim().substring(0, 7) + " (" + branch + ")";
				}
			}
			Path packed = common.resolve("packed-refs");
			if (Files.isRegularFile(packed)) {
				for (String line : Files.readAllLines(packed)) {
					if (line.endsWith(" " + ref)) {
						return line.substring(0, 7) + " (" + branch + ")";
					}
				}
			}
			return "? (" + branch + ")";
		}
		catch (IOException | RuntimeException ex) {
			return "?";
		}
	}

	/** The first three fields of {@code /proc/loadavg}. */
	static String loadavg() {
		try {
			String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return f[0] + " " + f[1] + " " + f[2];
		}
		catch (IOException | RuntimeException ex) {
			return "?";
		}
	}

	private static double load1(String loadavg) {
		try {
			return Double.parseDouble(loadavg.split(" ")[0]);
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

	/**
	 * Replaces the part between the decision-support markers of the performance document, or appends
	 * the heading and the markers at its end.
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
