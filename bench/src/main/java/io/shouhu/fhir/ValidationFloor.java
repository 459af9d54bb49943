package io.shouhu.fhir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.HdrHistogram.Histogram;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;

/**
 * The floor of report intake: the same Bundles, parsed from the same JSON text with the server's
 * {@link FhirContext} configuration ({@link FhirServerConfiguration#fhirContext()}) and validated by
 * the server's validator ({@code ReportValidator}, package-private, hence this package), on a number
 * of threads, without HTTP or storage. Optionally the "before" figure: HAPI's {@link FhirValidator}
 * with the default support chain and nothing of ours.
 */
public final class ValidationFloor {

	/** Which validator to measure. */
	public enum Kind {
		/** {@code new ReportValidator(FhirContext).validate(Bundle)}: what the server runs. */
		REPORT_VALIDATOR,
		/** HAPI's FhirValidator, default support chain, no project profiles: the "before" figure. */
		HAPI_DEFAULT
	}

	/**
	 * The figures.
	 * @param validator what was measured, in words
	 * @param oidRegistry where {@code oidregistry.csv} comes from on this classpath
	 * @param setupMs building the validator
	 * @param coldMs the first validation
	 * @param threads worker threads
	 * @param count bundles parsed and validated in the measurement
	 * @param seconds length of the measurement
	 * @param latency per bundle (parse + validate), microseconds
	 * @param cpuMsPerBundle CPU time of the workers per bundle
	 * @param processCpuMsPerBundle CPU time of the whole JVM per bundle (with GC and JIT)
	 * @param gcMs time spent in garbage collection during the measurement
	 * @param othersPercent CPU used by other processes on the machine during the measurement, in % of all cores
	 * @param firstErrors error/fatal messages for the first bundle (should be none)
	 * @param firstWarnings warning count for the first bundle
	 * @param invalidBundles bundles in the measurement with an error
	 */
	public record Result(String validator, String oidRegistry, double setupMs, double coldMs, int threads, long count,
			double seconds, Histogram latency, double cpuMsPerBundle, double processCpuMsPerBundle, double gcMs,
			double othersPercent, List<String> firstErrors, int firstWarnings, long invalidBundles) {

		public double throughput() {
			return seconds > 0 ? count / seconds : 0;
		}

		public double ms(double percentile) {
			return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
		}

		/** The figures as JDK types only (they cross class loaders). */
		public Map<String, Object> toMap() {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("validator", validator);
			map.put("oidRegistry", oidRegistry);
			map.put("setupMs", setupMs);
			map.put("coldMs", coldMs);
			map.put("threads", threads);
			map.put("count", count);
			map.put("seconds", seconds);
			map.put("throughput", throughput());
			map.put("p50", ms(50));
			map.put("p95", ms(95));
			map.put("p99", ms(99));
			map.put("max", latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0);
			map.put("cpuMsPerBundle", cpuMsPerBundle);
			map.put("processCpuMsPerBundle", processCpuMsPerBundle);
			map.put("gcMs", gcMs);
			map.put("othersPercent", othersPercent);
			map.put("firstErrors", List.copyOf(firstErrors));
			map.put("firstWarnings", firstWarnings);
			map.put("invalidBundles", invalidBundles);
			return map;
		}
	}

	private ValidationFloor() {
	}

	/**
	 * {@link #measure} with JDK types only, for a caller in another class loader.
	 * @param kind {@link Kind} name
	 */
	public static Map<String, Object> measureAsMap(String kind, List<String> bundles, int threads, long warmupMs,
			long durationMs) throws InterruptedException {
		return measure(Kind.valueOf(kind), bundles, threads, Duration.ofMillis(warmupMs), Duration.ofMillis(durationMs))
			.toMap();
	}

	/**
	 * Measures the floor.
	 * @param kind which validator
	 * @param bundles the Bundles as JSON, used round-robin
	 * @param threads worker threads
	 * @param warmup warm-up on all threads before measuring
	 * @param duration the measurement
	 */
	public static Result measure(Kind kind, List<String> bundles, int threads, Duration warmup, Duration duration)
			throws InterruptedException {
		FhirContext context = kind == Kind.REPORT_VALIDATOR ? ServerContext.create() : serverLikeContext();
		URL oid = ValidationFloor.class.getClassLoader().getResource("oidregistry.csv");
		long t0 = System.nanoTime();
		Named validator = kind == Kind.REPORT_VALIDATOR ? reportValidator(context) : hapiDefault(context);
		double setupMs = (System.nanoTime() - t0) / 1e6;

		Bundle first = context.newJsonParser().parseResource(Bundle.class, bundles.get(0));
		t0 = System.nanoTime();
		Object firstResult = validator.validate().apply(first);
		double coldMs = (System.nanoTime() - t0) / 1e6;
		List<String> firstErrors = new ArrayList<>();
		int firstWarnings = 0;
		if (firstResult instanceof ValidationResult result) {
			for (SingleValidationMessage m : result.getMessages()) {
				if (m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL) {
					firstErrors.add(m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage());
				}
				else if (m.getSeverity() == ResultSeverityEnum.WARNING) {
					firstWarnings++;
				}
			}
		}

		run(context, validator, bundles, threads, warmup, null);
		Histogram latency = new Histogram(600_000_000L, 3);
		Run run = run(context, validator, bundles, threads, duration, latency);
		return new Result(validator.name(), oid == null ? "(none)" : oid.toString(), setupMs, coldMs, threads,
				run.count, run.seconds, latency, run.count == 0 ? Double.NaN : run.cpuNanos / 1e6 / run.count,
				run.count == 0 ? Double.NaN : run.processCpuMs / run.count, run.gcMs, run.othersPercent, firstErrors,
				firstWarnings, run.invalid);
	}

	private record Named(String name, Function<Bundle, Object> validate) {
	}

	private record Run(long count, double seconds, long cpuNanos, long invalid, double processCpuMs, double gcMs,
			double othersPercent) {
	}

	/** CPU time of this JVM so far, in ms. */
	public static double processCpuMs() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime() / 1e6;
		}
		return Double.NaN;
	}

	/** Garbage collection time of this JVM so far, in ms. */
	public static double gcMs() {
		return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
	}

	/** Busy CPU time of the whole machine so far (all cores, from /proc/stat), in ms; NaN if unknown. */
	public static double machineBusyMs() {
		try {
			String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
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

	private static Run run(FhirContext context, Named validator, List<String> bundles, int threads, Duration duration,
			Histogram into) throws InterruptedException {
		ThreadMXBean mx = ManagementFactory.getThreadMXBean();
		AtomicLong next = new AtomicLong();
		LongAdder count = new LongAdder();
		LongAdder cpu = new LongAdder();
		LongAdder invalid = new LongAdder();
		List<Histogram> histograms = new CopyOnWriteArrayList<>();
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		double jvmCpu0 = processCpuMs();
		double gc0 = gcMs();
		double busy0 = machineBusyMs();
		long start = System.nanoTime();
		long deadline = start + duration.toNanos();
		List<Thread> workers = new ArrayList<>();
		for (int w = 0; w < threads; w++) {
			Thread worker = new Thread(() -> {
				Histogram local = new Histogram(600_000_000L, 3);
				long cpu0 = mx.getCurrentThreadCpuTime();
				try {
					while (System.nanoTime() < deadline) {
						String json = bundles.get((int) (next.getAndIncrement() % bundles.size()));
						long t0 = System.nanoTime();
						Bundle bundle = context.newJsonParser().parseResource(Bundle.class, json);
						Object result = validator.validate().apply(bundle);
						long t1 = System.nanoTime();
						local.recordValue(Math.max(1, (t1 - t0) / 1000));
						count.increment();
						if (result instanceof ValidationResult r && !r.isSuccessful()) {
							invalid.increment();
						}
					}
				}
				catch (Throwable ex) {
					failures.add(ex);
				}
				cpu.add(mx.getCurrentThreadCpuTime() - cpu0);
				histograms.add(local);
			}, "floor-" + w);
			worker.start();
			workers.add(worker);
		}
		for (Thread worker : workers) {
			worker.join();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		double processCpu = processCpuMs() - jvmCpu0;
		double others = (machineBusyMs() - busy0 - processCpu) / (seconds * 1000 * Runtime.getRuntime().availableProcessors())
				* 100;
		double gc = gcMs() - gc0;
		if (!failures.isEmpty()) {
			throw new IllegalStateException("validation failed on a worker", failures.get(0));
		}
		if (into != null) {
			histograms.forEach(into::add);
		}
		return new Run(count.sum(), seconds, cpu.sum(), invalid.sum(), processCpu, gc, Math.max(0, others));
	}

	/**
	 * The server's validator: {@code new ReportValidator(FhirContext)}, warmed up as the server does
	 * (on the first, cold validation, which the floor times alone), then {@code validate(Bundle)}.
	 */
	private static Named reportValidator(FhirContext context) {
		return new Named("io.shouhu.fhir.ReportValidator (the server's)", ServerValidator.create(context));
	}

	/** Kept apart so that the baseline, in a class loader without the fhir-adapter jar, never links it. */
	private static final class ServerValidator {

		static Function<Bundle, Object> create(FhirContext context) {
			ReportValidator validator = new ReportValidator(context);
			AtomicBoolean warm = new AtomicBoolean();
			return bundle -> {
				if (warm.compareAndSet(false, true)) {
					validator.warmUp();
				}
				return validator.validate(bundle);
			};
		}
	}

	/**
	 * A context configured as {@link FhirServerConfiguration#fhirContext()} does, without that class:
	 * the baseline runs in a class loader without the fhir-adapter jar (see the bench's Bench class).
	 */
	private static FhirContext serverLikeContext() {
		FhirContext context = FhirContext.forR4();
		context.setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(true));
		return context;
	}

	/** Kept apart so that the baseline never links FhirServerConfiguration. */
	private static final class ServerContext {

		static FhirContext create() {
			return new FhirServerConfiguration().fhirContext();
		}
	}

	/** HAPI's FhirValidator with the default support chain (STACK-NOTES): the "before" figure. */
	private static Named hapiDefault(FhirContext context) {
		ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(context),
				new CommonCodeSystemsTerminologyService(context), new InMemoryTerminologyServerValidationSupport(context),
				new SnapshotGeneratingValidationSupport(context));
		FhirValidator validator = context.newValidator();
		validator.registerValidatorModule(new FhirInstanceValidator(chain));
		return new Named("HAPI FhirValidator, default support chain, no project profiles",
				validator::validateWithResult);
	}
}
