package io.shouhu.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

import io.shouhu.bench.ReportGenerator.Report;
import io.shouhu.fhir.ValidationFloor;

/**
 * Posts reports to {@code POST /fhir/$process-message} on 127.0.0.1: closed loop (N workers, each
 * sends its next report when the previous answer is in) and open loop (a fixed rate; each report's
 * latency counts from its scheduled send time, so a slow server cannot hide its queue: no
 * coordinated omission). Every phase ends by itself after its duration; requests time out after 30 s.
 */
final class LoadRunner {

	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private final HttpClient http;

	private final URI processMessage;

	private final HospitalTokens tokens;

	private final ReportGenerator generator;

	private final ServerProcess server;

	private final SplittableRandom seeds;

	LoadRunner(HttpClient http, String baseUrl, HospitalTokens tokens, ReportGenerator generator,
			ServerProcess server, long seed) {
		this.http = http;
		this.processMessage = URI.create(baseUrl + "/fhir/$process-message");
		this.tokens = tokens;
		this.generator = generator;
		this.server = server;
		this.seeds = new SplittableRandom(seed);
	}

	/** What one request came to: HTTP status, or -1 with the exception's class. */
	record Outcome(int status, String error, String body) {

		boolean accepted() {
			return status == 200;
		}

		String key() {
			return status > 0 ? "HTTP " + status : error;
		}

		/** A request that got no answer: the token was refused (a TokenRefused, an IOException), the connection failed, or the run ended. */
		static Outcome failed(Exception ex) {
			if (ex instanceof HospitalTokens.TokenRefused refused) {
				return new Outcome(-1, "token HTTP " + refused.status, refused.getMessage());
			}
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
				return new Outcome(-1, "interrupted", null);
			}
			return new Outcome(-1, ex.getClass().getSimpleName(), String.valueOf(ex.getMessage()));
		}
	}

	/** Sends one report with its hospital's token. */
	Outcome send(Report report) {
		try {
			String token = tokens.token(report.hospital());
			HttpRequest request = HttpRequest.newBuilder(processMessage)
				.timeout(REQUEST_TIMEOUT)
				.header("Content-Type", "application/fhir+json; charset=UTF-8")
				.header("Accept", "application/fhir+json")
				.header("Authorization", "Bearer " + token)
				.POST(HttpRequest.BodyPublishers.ofByteArray(report.body()))
				.build();
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Outcome(response.statusCode(), null, response.statusCode() == 200 ? null : response.body());
		}
		catch (IOException | InterruptedException ex) {
			return Outcome.failed(ex);
		}
	}

	/** Figures of one phase. */
	static final class Phase {

		final String name;

		final Histogram latency = histogram();

		final Histogram service = histogram();

		long accepted;

		final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

		final List<String> samples = new CopyOnWriteArrayList<>();

		double seconds;

		long serverCpuMs;

		long benchCpuMs;

		double peakRssMb;

		double dataMb;

		double bodyKb;

		double offeredRate;

		/** CPU used by processes other than the server and the bench, in % of all cores. */
		double othersPercent;

		Phase(String name) {
			this.name = name;
		}

		long errorCount() {
			return errors.values().stream().mapToLong(LongAdder::sum).sum();
		}

		double throughput() {
			return seconds > 0 ? accepted / seconds : 0;
		}

		double ms(double percentile) {
			return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
		}

		double maxMs() {
			return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0;
		}

		String errorSummary() {
			if (errors.isEmpty()) {
				return "";
			}
			Map<String, Long> sorted = new TreeMap<>();
			errors.forEach((k, v) -> sorted.put(k, v.sum()));
			return sorted.toString();
		}

		void error(Outcome outcome) {
			errors.computeIfAbsent(outcome.key(), k -> new LongAdder()).increment();
			if (samples.size() < 3 && outcome.body() != null) {
				String body = outcome.body().replaceAll("\\s+", " ");
				samples.add(outcome.key() + ": " + (body.length() > 400 ? body.substring(0, 400) + "…" : body));
			}
		}
	}

	static Histogram histogram() {
		// microseconds, up to 10 minutes, 3 significant digits
		return new Histogram(600_000_000L, 3);
	}

	/**
	 * Closed loop: {@code concurrency} workers for {@code duration}. Latency is from sending the request
	 * to having read the whole answer.
	 */
	Phase closed(String name, int concurrency, Duration duration) throws InterruptedException {
		LongAdder bytes = new LongAdder();
		LongAdder sent = new LongAdder();
		Phase phase = closed(name, concurrency, duration, seeds, server, random -> {
			Report report = generator.next(random);
			sent.increment();
			bytes.add(report.body().length);
			return send(report);
		});
		phase.bodyKb = sent.sum() == 0 ? 0 : bytes.sum() / 1024.0 / sent.sum();
		return phase;
	}

	/** One request of a closed loop: made and sent by a worker, with the worker's own random numbers. */
	@FunctionalInterface
	public interface Call {

		Outcome call(SplittableRandom random);
	}

	/**
	 * Closed loop of any request: {@code concurrency} workers for {@code duration}, each makes its next
	 * call when the previous answer is in. Latency is from the call to its return (for an HTTP request:
	 * from sending it to having read the whole answer); only answers 200 are timed, anything else is
	 * counted as an error. CPU of server and bench, other processes' CPU and the server's RSS over the
	 * phase are measured as for the report phases.
	 */
	static Phase closed(String name, int concurrency, Duration duration, SplittableRandom seeds, ServerProcess server,
			Call call) throws InterruptedException {
		Phase phase = new Phase(name);
		Measure measure = Measure.start(server);
		long start = System.nanoTime();
		long deadline = start + duration.toNanos();
		List<Thread> workers = new ArrayList<>();
		List<Histogram> histograms = new CopyOnWriteArrayList<>();
		LongAdder accepted = new LongAdder();
		for (int w = 0; w < concurrency; w++) {
			SplittableRandom random = seeds.split();
			Thread worker = new Thread(() -> {
				Histogram local = histogram();
				while (System.nanoTime() < deadline) {
					long t0 = System.nanoTime();
					Outcome outcome = call.call(random);
					long t1 = System.nanoTime();
					if (outcome.accepted()) {
						local.recordValue(Math.max(1, (t1 - t0) / 1000));
						accepted.increment();
					}
					else {
						phase.error(outcome);
						if (outcome.status() < 0) {
							pause(100);
						}
					}
				}
				histograms.add(local);
			}, name + "-" + w);
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
		histograms.forEach(phase.latency::add);
		phase.service.add(phase.latency);
		phase.accepted = accepted.sum();
		measure.finish(phase);
		return phase;
	}

	/**
	 * Open loop: one report every {@code 1/rate} s for {@code duration}, whatever the answers. Latency
	 * counts from the scheduled send time; "service" counts from the actual send.
	 */
	Phase open(String name, int rate, Duration duration) throws InterruptedException {
		Phase phase = new Phase(name);
		phase.offeredRate = rate;
		int total = (int) Math.max(1, duration.toMillis() * rate / 1000);
		long period = 1_000_000_000L / rate;
		// enough senders for 20 s of backlog at the rate, at most 256: a slow server shows as latency
		ExecutorService senders = Executors.newFixedThreadPool(Math.min(256, Math.max(16, rate)), r -> {
			Thread t = new Thread(r, "open-sender");
			t.setDaemon(true);
			return t;
		});
		Histogram latency = histogram();
		Histogram service = histogram();
		AtomicInteger done = new AtomicInteger();
		LongAdder accepted = new LongAdder();
		LongAdder bytes = new LongAdder();
		SplittableRandom random = seeds.split();
		Measure measure = Measure.start(server);
		long start = System.nanoTime() + 10_000_000L;
		for (int i = 0; i < total; i++) {
			Report report = generator.next(random);
			long scheduled = start + i * period;
			long wait;
			while ((wait = scheduled - System.nanoTime()) > 0) {
				LockSupport.parkNanos(wait);
			}
			bytes.add(report.body().length);
			senders.execute(() -> {
				long t0 = System.nanoTime();
				Outcome outcome = send(report);
				long t1 = System.nanoTime();
				if (outcome.accepted()) {
					synchronized (latency) {
						latency.recordValue(Math.max(1, (t1 - scheduled) / 1000));
						service.recordValue(Math.max(1, (t1 - t0) / 1000));
					}
					accepted.increment();
				}
				else {
					phase.error(outcome);
				}
				done.incrementAndGet();
			});
		}
		senders.shutdown();
		if (!senders.awaitTermination(REQUEST_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)) {
			senders.shutdownNow();
			int missing = total - done.get();
			phase.errors.computeIfAbsent("unfinished", k -> new LongAdder()).add(missing);
		}
		phase.seconds = (System.nanoTime() - start) / 1e9;
		phase.latency.add(latency);
		phase.service.add(service);
		phase.accepted = accepted.sum();
		phase.bodyKb = bytes.sum() / 1024.0 / total;
		measure.finish(phase);
		return phase;
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** CPU of server and bench, and the server's RSS, over one phase. */
	private record Measure(ServerProcess server, long serverCpu, long benchCpu, double busy, long nanos) {

		static Measure start(ServerProcess server) {
			server.takePhasePeakRssMb();
			return new Measure(server, server.cpuMillis(), benchCpuMillis(), ValidationFloor.machineBusyMs(),
					System.nanoTime());
		}

		void finish(Phase phase) {
			phase.serverCpuMs = server.cpuMillis() - serverCpu;
			phase.benchCpuMs = benchCpuMillis() - benchCpu;
			double wallMs = (System.nanoTime() - nanos) / 1e6;
			double others = ValidationFloor.machineBusyMs() - busy - phase.serverCpuMs - phase.benchCpuMs;
			phase.othersPercent = Math.max(0, others / (wallMs * Runtime.getRuntime().availableProcessors()) * 100);
			phase.peakRssMb = server.takePhasePeakRssMb();
			phase.dataMb = server.dataMb();
		}
	}

	static long benchCpuMillis() {
		if (java.lang.management.ManagementFactory
			.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime() / 1_000_000;
		}
		return -1;
	}
}
