package io.shouhu.notification;

import io.shouhu.bench.CommandLine;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.shouhu.casework.CaseEvents;
import io.shouhu.casework.CaseworkConversions;
import io.shouhu.casework.Jurisdiction;
import io.shouhu.casework.JurisdictionId;
import io.shouhu.casework.ReferenceData;
import io.shouhu.casework.Role;
import io.shouhu.casework.StaffMember;
import io.shouhu.casework.TaskId;
import io.shouhu.casework.UserId;
import org.HdrHistogram.Histogram;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.data.mongodb.core.convert.DefaultDbRefResolver;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

/**
 * Alerts from casework changes to the FCM request (issue 6, item 9). In one JVM: the embedded store's
 * engine (mongo-java-server on H2, on a fresh temp file, as the server runs it), a WireMock stand-in for
 * FCM (HTTP v1 {@code messages:send} and the OAuth token endpoint) reached through the real Firebase
 * Admin SDK ({@link FcmGateway#start}, as the server starts it), and the notification classes wired by
 * hand as the application wires them: {@link Alerts}, {@link Devices}, {@link PushDispatcher} with the
 * server's default {@link PushProperties}, {@link Escalator}, {@link QuietHoursPolicy},
 * {@link CaseAlertRecorder}, plus the push sweep every 5 s as the scheduler runs it.
 *
 * <p>Each change is a {@link CaseEvents.TaskAssigned} to one person, published to
 * {@link CaseAlertRecorder#on(CaseEvents.TaskAssigned)} on the generator's thread, as casework's
 * {@code CaseNotices} publishes a saved case's outbox (synchronously, on the command's thread). Each
 * person has {@code --devices-per-person} phones, so 1,000 changes make 1,000 alerts and 2,000 FCM
 * requests (the SDK's {@code sendEach} sends one HTTP request per message). The stub notes
 * {@link System#nanoTime()} when each request has arrived (a {@link ServeEventListener}, before
 * matching); the latency of a request is from its change's <em>scheduled</em> time (open loop, no
 * coordinated omission).
 */
public final class AlertBench {

	static final JurisdictionId LONGWAN = new JurisdictionId("longwan");

	static final String PROJECT = "shouhu-bench";

	static final String SEND_PATH = "/v1/projects/" + PROJECT + "/messages:send";

	static final double TARGET_P99_MS = 500;

	private AlertBench() {
	}

	// ------------------------------------------------------------------------------------------ options

	static final class Opts {

		static final String USAGE = """
				Usage: bash bench/alerts.sh [options]

				  --changes N             alert-causing changes in the open-loop phase (default 1000)
				  --rate R                changes per second in the open-loop phase (default 50)
				  --devices-per-person D  phones of each alerted person (default 2)
				  --warmup N              changes at the same rate before, not measured (default 300)
				  --closed N              changes of the "as fast as possible" phase (default 1000; 0 skips it)
				  --push-threads N        PushProperties.threads (default 2, the server's default)
				  --keep-data             keep the store's temp directory
				""";

		int changes = 1000;

		double rate = 50;

		int devices = 2;

		int warmup = 300;

		int closed = 1000;

		int pushThreads = 2;

		boolean keep;

		static Opts parse(String[] args) {
			Opts o = new Opts();
			CommandLine.parse(args, USAGE, flag -> {
				if (flag.equals("--keep-data")) {
					o.keep = true;
					return true;
				}
				return false;
			}, (name, value) -> {
				switch (name) {
					case "--changes" -> o.changes = Integer.parseInt(value);
					case "--rate" -> o.rate = Double.parseDouble(value);
					case "--devices-per-person" -> o.devices = Integer.parseInt(value);
					case "--warmup" -> o.warmup = Integer.parseInt(value);
					case "--push-threads" -> o.pushThreads = Integer.parseInt(value);
					case "--closed" -> o.closed = Integer.parseInt(value);
					default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
				}
			});
			if (o.changes < 1 || o.rate <= 0 || o.devices < 1 || o.devices > FcmGateway.MAX_BATCH || o.warmup < 0
					|| o.closed < 0 || o.pushThreads < 1) {
				throw new IllegalArgumentException("bad option value\n" + USAGE);
			}
			return o;
		}
	}

	// ------------------------------------------------------------------------------------------ the stub

	/** One messages:send request as it arrived at the stub. */
	record Arrival(long nanos, String alertId, String token) {
	}

	/** Notes every messages:send request when it has arrived, before WireMock matches it. */
	static final class ArrivalRecorder implements ServeEventListener {

		private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

		private static final Pattern ALERT = Pattern.compile("\"alertId\"\\s*:\\s*\"([^\"]+)\"");

		final ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();

		final AtomicInteger tokenRequests = new AtomicInteger();

		@Override
		public void beforeMatch(ServeEvent event, Parameters parameters) {
			long now = System.nanoTime();
			String url = event.getRequest().getUrl();
			if (url.startsWith("/token")) {
				tokenRequests.incrementAndGet();
				return;
			}
			if (!url.startsWith(SEND_PATH)) {
				return;
			}
			String body = event.getRequest().getBodyAsString();
			Matcher token = TOKEN.matcher(body);
			Matcher alert = ALERT.matcher(body);
			arrivals.add(new Arrival(now, alert.find() ? alert.group(1) : "?", token.find() ? token.group(1) : "?"));
		}

		@Override
		public String getName() {
			return "arrival-recorder";
		}

		@Override
		public boolean applyGlobally() {
			return true;
		}
	}

	static WireMockServer startStub(ArrivalRecorder recorder) {
		WireMockServer server = new WireMockServer(
				options().bindAddress("127.0.0.1").dynamicPort().disableRequestJournal().extensions(recorder));
		server.start();
		server.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"access_token\":\"t\",\"expires_in\":3600,\"token_type\":\"Bearer\"}")));
		server.stubFor(post(urlPathEqualTo(SEND_PATH)).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"name\":\"projects/" + PROJECT + "/messages/1\"}")));
		return server;
	}

	static Path writeServiceAccount(Path dir, String tokenUri) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
					.encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
		String json = "{\n  \"type\": \"service_account\",\n  \"project_id\": \"" + PROJECT + "\",\n"
				+ "  \"private_key_id\": \"bench-key-1\",\n  \"private_key\": \"" + pem.replace("\n", "\\n") + "\",\n"
				+ "  \"client_email\": \"push@" + PROJECT + ".iam.gserviceaccount.com\",\n"
				+ "  \"client_id\": \"100000000000000000001\",\n"
				+ "  \"auth_uri\": \"https://accounts.google.com/o/oauth2/auth\",\n  \"token_uri\": \"" + tokenUri
				+ "\"\n}\n";
		return Files.writeString(dir.resolve("service-account.json"), json, StandardCharsets.UTF_8);
	}

	// ------------------------------------------------------------------------------------------ the store

	static MongoTemplate template(MongoClient client) {
		SimpleMongoClientDatabaseFactory factory = new SimpleMongoClientDatabaseFactory(client, "shouhu");
		MongoCustomConversions conversions = new MongoCustomConversions(List.copyOf(CaseworkConversions.all()));
		MongoMappingContext mapping = new MongoMappingContext();
		mapping.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
		mapping.afterPropertiesSet();
		MappingMongoConverter converter = new MappingMongoConverter(new DefaultDbRefResolver(factory), mapping);
		converter.setCustomConversions(conversions);
		converter.afterPropertiesSet();
		return new MongoTemplate(factory, converter);
	}

	/** casework's reference data on this store (its constructor is package-private: Spring calls it). */
	static ReferenceData referenceData(MongoOperations mongo) throws Exception {
		Constructor<ReferenceData> constructor = ReferenceData.class.getDeclaredConstructor(MongoOperations.class);
		constructor.setAccessible(true);
		return constructor.newInstance(mongo);
	}

	// ------------------------------------------------------------------------------------------ phases

	/** One alert-causing change: its event, the alert it must make, and when it is to happen. */
	record Change(CaseEvents.TaskAssigned event, String alertId, List<String> tokens) {
	}

	static final class Wiring {

		CaseAlertRecorder recorder;

		Alerts alerts;

		Devices devices;

		PushDispatcher dispatcher;

		ArrivalRecorder stub;
	}

	static List<Change> changes(String prefix, int count, int assignment, int devicesPerPerson) {
		List<Change> list = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String person = prefix + i;
			TaskId task = new TaskId("c-" + prefix + i + ".t1");
			CaseEvents.TaskAssigned event = new CaseEvents.TaskAssigned(task, LONGWAN, new UserId(person), null,
					Instant.now().plus(Duration.ofDays(3)), assignment);
			String alertId = Alerts.idFor(AlertDocument.TASK_ASSIGNED, task.value() + "#" + assignment, person);
			List<String> tokens = new ArrayList<>(devicesPerPerson);
			for (int d = 0; d < devicesPerPerson; d++) {
				tokens.add(token(person, d));
			}
			list.add(new Change(event, alertId, tokens));
		}
		return list;
	}

	static String token(String person, int device) {
		// FCM registration tokens are long; the shape of the token is all Devices checks.
		return "bench-" + person + "-" + device + "-" + "x".repeat(120);
	}

	/** Registers the staff members and their phones that the changes alert. */
	static void register(ReferenceData referenceData, Devices devices, List<Change> changes) {
		for (Change change : changes) {
			UserId user = change.event().assignee();
			referenceData.register(new StaffMember(user, LONGWAN, Set.of(Role.PROSECUTOR)));
			for (String token : change.tokens()) {
				devices.register(user, token, Platform.ANDROID, "1.0.0", "zh-CN");
			}
		}
	}

	record Outcome(String name, int changes, int alertsExpected, int requestsExpected, int requestsArrived,
			int missing, int duplicates, int stray, Histogram latency, Histogram recording, double seconds,
			double generatorLagMaxMs, long sentInStore, long notSentInStore, double cpuSeconds, double otherCpuShare) {
	}

	/**
	 * Runs the changes: at {@code rate} per second on their scheduled times (open loop), or one after
	 * the other as fast as the recording allows ({@code rate <= 0}); then waits for their FCM requests.
	 */
	static Outcome run(String name, Wiring w, List<Change> changes, double rate, Duration settle) {
		Map<String, Integer> byAlert = new HashMap<>();
		for (int i = 0; i < changes.size(); i++) {
			byAlert.put(changes.get(i).alertId(), i);
		}
		int expected = changes.stream().mapToInt(c -> c.tokens().size()).sum();
		w.stub.arrivals.clear();
		long[] scheduled = new long[changes.size()];
		Histogram recording = new Histogram(3);
		long cpu0 = processCpuNanos();
		long busy0 = machineBusyNanos();
		long wall0 = System.nanoTime();
		long start = System.nanoTime() + 50_000_000L;
		long interval = rate > 0 ? (long) (1_000_000_000L / rate) : 0;
		double lagMax = 0;
		while (System.nanoTime() < start) {
			LockSupport.parkNanos(1_000_000L);
		}
		for (int i = 0; i < changes.size(); i++) {
			long due = rate > 0 ? start + i * interval : System.nanoTime();
			long now;
			while ((now = System.nanoTime()) < due) {
				LockSupport.parkNanos(Math.min(due - now, 1_000_000L));
			}
			scheduled[i] = due;
			lagMax = Math.max(lagMax, (now - due) / 1e6);
			long before = System.nanoTime();
			w.recorder.on(changes.get(i).event());
			recording.recordValue(Math.max(1, (System.nanoTime() - before) / 1000));
		}
		long lastChange = System.nanoTime();
		long deadline = lastChange + settle.toNanos();
		while (w.stub.arrivals.size() < expected && System.nanoTime() < deadline) {
			LockSupport.parkNanos(5_000_000L);
		}
		// A little longer: a duplicate would arrive after the expected ones.
		LockSupport.parkNanos(500_000_000L);
		long cpu = processCpuNanos() - cpu0;
		double other = Math.max(0, (machineBusyNanos() - busy0 - cpu)
				/ ((System.nanoTime() - wall0) * (double) Runtime.getRuntime().availableProcessors()));

		List<Arrival> arrivals = new ArrayList<>(w.stub.arrivals);
		Histogram latency = new Histogram(3);
		Map<String, Integer> perPair = new HashMap<>();
		int stray = 0;
		long lastArrival = start;
		for (Arrival a : arrivals) {
			Integer index = byAlert.get(a.alertId());
			if (index == null || !changes.get(index).tokens().contains(a.token())) {
				stray++;
				continue;
			}
			if (perPair.merge(a.alertId() + " " + a.token(), 1, Integer::sum) == 1) {
				latency.recordValue(Math.max(1, (a.nanos() - scheduled[index]) / 1000));
				lastArrival = Math.max(lastArrival, a.nanos());
			}
		}
		int duplicates = perPair.values().stream().mapToInt(n -> n - 1).sum();
		int missing = expected - perPair.size();
		long sent = changes.stream()
			.filter(c -> w.alerts.byId(c.alertId()).map(a -> a.pushState() == PushState.SENT).orElse(false))
			.count();
		double seconds = (lastArrival - start) / 1e9;
		return new Outcome(name, changes.size(), changes.size(), expected, arrivals.size(), missing, duplicates, stray,
				latency, recording, seconds, lagMax, sent, changes.size() - sent, cpu / 1e9, other);
	}

	/** CPU time of the whole machine (all processes, kernel, irq) from /proc/stat, in ns; 0 where absent. */
	static long machineBusyNanos() {
		try {
			String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long jiffies = 0;
			for (int i : new int[] { 1, 2, 3, 6, 7, 8 }) {
				jiffies += Long.parseLong(f[i]);
			}
			return jiffies * 10_000_000L;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	// ------------------------------------------------------------------------------------------ main

	public static void main(String[] args) throws Exception {
		Opts o;
		try {
			o = Opts.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		Path dir = Files.createTempDirectory("shouhu-alert-bench-");
		ArrivalRecorder stub = new ArrivalRecorder();
		WireMockServer wiremock = startStub(stub);
		MongoServer store = new MongoServer(new H2Backend(dir.resolve("shouhu.mv").toString()));
		store.bind("127.0.0.1", 0);
		InetSocketAddress address = store.getLocalAddress();
		MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "bench-sweep");
			t.setDaemon(true);
			return t;
		});
		FcmGateway gateway = null;
		PushDispatcher dispatcher = null;
		int exit = 0;
		try {
			MongoTemplate mongo = template(client);
			String endpoint = "http://127.0.0.1:" + wiremock.port();
			gateway = FcmGateway.start(new FcmProperties(writeServiceAccount(dir, endpoint + "/token").toString(), endpoint));
			// The server's defaults (the @DefaultValue of each PushProperties component), threads unless set.
			PushProperties push = new PushProperties(8, Duration.ofSeconds(15), Duration.ofMinutes(10),
					Duration.ofSeconds(60), o.pushThreads);
			EscalationProperties escalation = new EscalationProperties(Duration.ofMinutes(10), Duration.ofMinutes(30),
					List.of("intake", "supervisor", "deputy-chief"), 2, Map.of());
			ReferenceData referenceData = referenceData(mongo);
			referenceData.register(new Jurisdiction(LONGWAN, "龙湾区人民检察院"));
			Alerts alerts = new Alerts(mongo);
			Devices devices = new Devices(mongo, Optional.empty());
			dispatcher = new PushDispatcher(alerts, devices, gateway, push, Optional.empty());
			Escalator escalator = new Escalator(new Escalations(mongo), alerts, dispatcher, referenceData,
					Optional.empty(), Optional.empty(), escalation, Optional.empty());
			QuietHoursPolicy quietHours = new QuietHoursPolicy(new QuietHoursPreferences(mongo), alerts);
			Wiring w = new Wiring();
			w.recorder = new CaseAlertRecorder(referenceData, alerts, dispatcher, escalator, quietHours, Optional.empty());
			w.alerts = alerts;
			w.devices = devices;
			w.dispatcher = dispatcher;
			w.stub = stub;
			PushDispatcher sweeping = dispatcher;
			// As the application's scheduler: shouhu.notification.push.sweep-interval, default 5s.
			scheduler.scheduleWithFixedDelay(sweeping::sweep, 5, 5, TimeUnit.SECONDS);

			say("store: mongo-java-server " + "with the H2 backend on " + dir.resolve("shouhu.mv")
					+ "; FCM stub: WireMock at " + endpoint + ", real Firebase Admin SDK");
			say("push: " + push + (o.pushThreads == 2 ? " (the server's defaults)" : " (threads NOT the server's default 2)")
					+ ", sweep every 5 s");
			List<Change> warm = changes("w", o.warmup, 1, o.devices);
			List<Change> measured = changes("p", o.changes, 1, o.devices);
			List<Change> closed = changes("p", o.closed, 2, o.devices);
			long t = System.nanoTime();
			register(referenceData, devices, warm);
			register(referenceData, devices, measured);
			// The as-fast-as-possible phase alerts the same people again (p0, p1, ...), more if it has more changes.
			register(referenceData, devices, closed.subList(Math.min(closed.size(), measured.size()), closed.size()));
			say(String.format(Locale.ROOT, "registered %d people with %d phones each in %.1f s",
					warm.size() + Math.max(measured.size(), closed.size()), o.devices, (System.nanoTime() - t) / 1e9));

			List<Outcome> outcomes = new ArrayList<>();
			if (!warm.isEmpty()) {
				say("warm-up: " + warm.size() + " changes at " + o.rate + "/s (not reported below)");
				Outcome warmed = run("warm-up", w, warm, o.rate, Duration.ofSeconds(60));
				say(line(warmed));
			}
			say("open loop: " + measured.size() + " changes at " + o.rate + "/s");
			outcomes.add(run(String.format(Locale.ROOT, "open loop %s/s", trim(o.rate)), w, measured, o.rate,
					Duration.ofSeconds(120)));
			say(line(outcomes.get(outcomes.size() - 1)));
			if (!closed.isEmpty()) {
				say("as fast as possible: " + closed.size() + " changes, one after the other on one thread");
				outcomes.add(run("as fast as possible", w, closed, 0, Duration.ofSeconds(120)));
				say(line(outcomes.get(outcomes.size() - 1)));
			}
			say("FCM access tokens fetched: " + stub.tokenRequests.get());
			report(o, outcomes);
			for (Outcome out : outcomes) {
				if (out.missing() > 0 || out.duplicates() > 0 || out.stray() > 0) {
					exit = 1;
				}
			}
		}
		finally {
			scheduler.shutdownNow();
			if (dispatcher != null) {
				dispatcher.destroy();
			}
			if (gateway != null) {
				gateway.destroy();
			}
			client.close();
			store.shutdownNow();
			wiremock.stop();
			if (!o.keep) {
				delete(dir);
			}
			else {
				say("kept " + dir);
			}
		}
		System.exit(exit);
	}

	static String trim(double rate) {
		return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
	}

	static String line(Outcome r) {
		return String.format(Locale.ROOT, "  %s: %d alerts, %d/%d requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms,"
				+ " missing %d, duplicates %d, stray %d, other processes %.0f %%", r.name(), r.changes(), r.requestsArrived(), r.requestsExpected(),
				ms(r.latency(), 50), ms(r.latency(), 99), r.latency().getMaxValue() / 1000.0, r.missing(), r.duplicates(),
				r.stray(), r.otherCpuShare() * 100);
	}

	static double ms(Histogram h, double percentile) {
		return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
	}

	static void report(Opts o, List<Outcome> outcomes) {
		StringBuilder out = new StringBuilder();
		out.append("\n### Alerts to FCM (bench/alerts.sh)\n\n");
		out.append(String.format(Locale.ROOT,
				"%d alert-causing changes (`CaseEvents.TaskAssigned`, each to another person with %d phones), "
						+ "published to `CaseAlertRecorder` as casework publishes a case's outbox; real Firebase Admin "
						+ "SDK to a WireMock FCM stub on 127.0.0.1; mongo-java-server + H2 on a temp file; push "
						+ "retries: the server's defaults, %d push thread(s)%s. Latency: from the change's scheduled time to "
						+ "the arrival of each FCM request at the stub.%n%n",
				o.changes, o.devices, o.pushThreads, o.pushThreads == 2 ? " (the default)" : " (the default is 2)"));
		out.append("| phase | alerts | FCM requests | alerts/s | pushes/s | p50 ms | p95 ms | p99 ms | max ms "
				+ "| record p50/p99 ms | missing | duplicates | alerts not SENT | CPU ms/alert (bench JVM) | other processes |\n");
		out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (Outcome r : outcomes) {
			out.append(String.format(Locale.ROOT,
					"| %s | %d | %d of %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f / %.2f | %d | %d | %d | %.1f | %.0f %%%s |%n",
					r.name(), r.changes(), r.requestsArrived() - r.stray(), r.requestsExpected(), r.changes() / r.seconds(),
					(r.requestsExpected() - r.missing()) / r.seconds(), ms(r.latency(), 50), ms(r.latency(), 95),
					ms(r.latency(), 99), r.latency().getMaxValue() / 1000.0, ms(r.recording(), 50),
					ms(r.recording(), 99), r.missing(), r.duplicates(), r.notSentInStore(), r.cpuSeconds() * 1000 / r.changes(),
					r.otherCpuShare() * 100, r.otherCpuShare() > 0.10 ? " (disturbed)" : ""));
		}
		Outcome open = outcomes.get(0);
		double p99 = ms(open.latency(), 99);
		out.append(String.format(Locale.ROOT,
				"%nTarget: p99 < %.0f ms at %s changes/s: %s (p99 %.1f ms). Generator lag (max behind schedule): %.1f ms."
						+ " alerts/s = alerts / (first scheduled change to last FCM request).%n",
				TARGET_P99_MS, trim(o.rate), p99 < TARGET_P99_MS && open.missing() == 0 && open.duplicates() == 0
						? "**met**" : "**not met**",
				p99, open.generatorLagMaxMs()));
		out.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
			.append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version"))
			.append('\n');
		System.out.println(out);
	}

	static void say(String text) {
		System.err.println(text);
	}

	static void delete(Path dir) {
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException ignored) {
			// a temp dir
		}
	}
}
