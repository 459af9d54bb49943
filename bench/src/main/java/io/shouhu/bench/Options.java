package io.shouhu.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Command-line options of the benchmark; see {@link #USAGE}. */
final class Options {

	static final String DEFAULT_SERVER_JVM = "-Xms512m -Xmx512m -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=70";

	static final String USAGE = """
			Usage: bash bench/run.sh [options]

			  --duration D          each closed-loop phase (default 60s); D is 60s, 2m, 500ms or seconds
			  --warmup D            warm-up at concurrency 8 before the first phase (default 15s)
			  --concurrency LIST    closed-loop concurrencies (default 1,8,32)
			  --open-rate N         open-loop rate in reports/s (default 50)
			  --open-duration D     open-loop phase (default 60s)
			  --floor-threads N     validation floor threads (default 8)
			  --floor-duration D    validation floor measurement (default: --duration)
			  --floor-warmup D      validation floor warm-up (default: as long as the server is under
			                        load before its concurrency-8 phase: --warmup plus one --duration
			                        per phase before it, 75s with the defaults)
			  --floor-baseline      also measure HAPI's validator with the default support chain
			                        (the "before" figure; adds a warm-up and a duration)
			  --server-jvm ARGS     JVM flags of the server (default "%s", the README's run command)
			  --jar PATH            server jar (default server/target/shouhu/shouhu-server.jar)
			  --repo PATH           repository root: demo keys, example report, docs (default .)
			  --docs PATH           where to write the results section (default docs/performance.md)
			  --no-docs             do not write the results section
			  --no-server           only the validation floor
			  --no-floor            only the server phases
			  --keep-data           keep the server's temp directory (store and log)
			  --startup-timeout D   give up waiting for the first accepted report (default 180s)
			""".formatted(DEFAULT_SERVER_JVM);

	Duration duration = Duration.ofSeconds(60);

	Duration warmup = Duration.ofSeconds(15);

	List<Integer> concurrency = List.of(1, 8, 32);

	int openRate = 50;

	Duration openDuration = Duration.ofSeconds(60);

	int floorThreads = 8;

	Duration floorDuration;

	Duration floorWarmup;

	boolean floorBaseline;

	String serverJvm = DEFAULT_SERVER_JVM;

	Path jar;

	Path repo = Path.of(".");

	Path docs;

	boolean writeDocs = true;

	boolean server = true;

	boolean floor = true;

	boolean keepData;

	Duration startupTimeout = Duration.ofSeconds(180);

	final List<String> raw = new ArrayList<>();

	static Options parse(String[] args) {
		Options o = new Options();
		o.raw.addAll(List.of(args));
		CommandLine.parse(args, USAGE, flag -> {
			switch (flag) {
				case "--floor-baseline" -> o.floorBaseline = true;
				case "--no-docs" -> o.writeDocs = false;
				case "--no-server" -> o.server = false;
				case "--no-floor" -> o.floor = false;
				case "--keep-data" -> o.keepData = true;
				default -> {
					return false;
				}
			}
			return true;
		}, o::set);
		if (o.floorDuration == null) {
			o.floorDuration = o.duration;
		}
		if (o.floorWarmup == null) {
			o.floorWarmup = o.serverLoadBeforeConcurrency8();
		}
		o.repo = o.repo.toAbsolutePath().normalize();
		if (o.jar == null) {
			o.jar = o.repo.resolve("server/target/shouhu/shouhu-server.jar");
		}
		if (o.docs == null) {
			o.docs = o.repo.resolve("docs/performance.md");
		}
		if (o.server && !Files.isRegularFile(o.jar)) {
			throw new IllegalArgumentException("no server jar at " + o.jar + " (build it: mvn -B -ntp -DskipTests package)");
		}
		if (!Files.isDirectory(o.repo.resolve("docs/demo/keys"))) {
			throw new IllegalArgumentException("not the repository root (no docs/demo/keys): " + o.repo);
		}
		return o;
	}

	/**
	 * How long the server has been under load when its concurrency-8 phase starts. The floor warms up
	 * as long, so that the JIT has had as much time with the validator in both: after 15 s the
	 * validator's code is still being compiled, and the floor comes out at about two thirds of its
	 * warm figure (docs/performance.md, 2026-11-30).
	 */
	private Duration serverLoadBeforeConcurrency8() {
		int before = concurrency.indexOf(8);
		return warmup.plus(duration.multipliedBy(Math.max(before, 0)));
	}

	private void set(String name, String value) {
		switch (name) {
			case "--duration" -> duration = duration(value);
			case "--warmup" -> warmup = duration(value);
			case "--concurrency" -> {
				List<Integer> list = new ArrayList<>();
				for (String part : value.split(",")) {
					int c = Integer.parseInt(part.trim());
					if (c < 1 || c > 256) {
						throw new IllegalArgumentException("concurrency must be 1..256: " + c);
					}
					list.add(c);
				}
				concurrency = List.copyOf(list);
			}
			case "--open-rate" -> {
				openRate = Integer.parseInt(value);
				if (openRate < 1 || openRate > 1000) {
					throw new IllegalArgumentException("--open-rate must be 1..1000");
				}
			}
			case "--open-duration" -> openDuration = duration(value);
			case "--floor-threads" -> floorThreads = Integer.parseInt(value);
			case "--floor-duration" -> floorDuration = duration(value);
			case "--floor-warmup" -> floorWarmup = duration(value);
			case "--server-jvm" -> serverJvm = value.trim();
			case "--jar" -> jar = Path.of(value).toAbsolutePath();
			case "--repo" -> repo = Path.of(value);
			case "--docs" -> docs = Path.of(value).toAbsolutePath();
			case "--startup-timeout" -> startupTimeout = duration(value);
			default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
		}
	}

	/** 60s, 2m, 1500ms, or a number of seconds; at most 30 minutes. */
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

	/** The JVM flags as a list. */
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
