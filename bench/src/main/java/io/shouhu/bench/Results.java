package io.shouhu.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.shouhu.bench.LoadRunner.Phase;

/** Everything one run measured, and its tables. */
final class Results {

	static final double TARGET_FLOOR_SHARE = 0.85;

	static final double TARGET_OPEN_P99_MS = 30;

	static final double TARGET_RSS_MB = 640;

	static final double TARGET_START_S = 15;

	String command;

	Options options;

	String when;

	String machine;

	String git;

	String jar;

	double bundleKb;

	double startSeconds = Double.NaN;

	String startedLine;

	double rssAfterStartMb = Double.NaN;

	double peakRssMb = Double.NaN;

	double rssEndMb = Double.NaN;

	int tokensFetched;

	String probe;

	boolean validationOn;

	final List<Phase> closed = new ArrayList<>();

	Phase open;

	Map<String, Object> floor;

	Map<String, Object> baseline;

	/** The floor again on one thread per core, when the floor ran on another number of threads. */
	Map<String, Object> perCore;

	String failure;

	String markdown() {
		StringBuilder out = new StringBuilder();
		if (!closed.isEmpty() || open != null) {
			out.append("| phase | reports/s | p50 ms | p95 ms | p99 ms | max ms | accepted | errors | server CPU ms/report | bench CPU ms/report | other processes' CPU | peak RSS MB |\n");
			out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
			for (Phase p : closed) {
				out.append(row(p, "closed loop, concurrency " + p.name.substring(p.name.indexOf('=') + 1)));
			}
			if (open != null) {
				out.append(row(open, String.format(Locale.ROOT,
						"open loop, %.0f reports/s (latency from the scheduled send)", open.offeredRate)));
			}
			out.append('\n');
		}
		if (floor != null || baseline != null) {
			out.append("| floor: parse + validate in-process, no HTTP, no storage | bundles/s | p50 ms | p95 ms | p99 ms | CPU ms/bundle (workers) | CPU ms/bundle (JVM) | threads | first validation ms | other processes' CPU |\n");
			out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
			if (floor != null) {
				out.append(floorRow(floor, floor.get("validator").toString()));
			}
			if (perCore != null) {
				out.append(floorRow(perCore, "the same, one thread per core (the validation target's measure)"));
			}
			if (baseline != null) {
				out.append(floorRow(baseline, "before: " + baseline.get("validator") + ", HAPI's own oidregistry.csv"));
			}
			out.append('\n');
		}
		out.append("| target | measured | |\n|---|---|---|\n");
		Phase c8 = closed.stream().filter(p -> p.name.equals("closed c=8")).findFirst().orElse(null);
		if (c8 != null && floor != null) {
			double floorRate = (Double) floor.get("throughput");
			double share = c8.throughput() / floorRate;
			boolean comparable = probe == null || validationOn;
			out.append(String.format(Locale.ROOT, "| throughput at concurrency 8 ≥ 85%% of the floor | %.1f/s = %.0f%% of %.1f/s | %s |\n",
					c8.throughput(), share * 100, floorRate, comparable ? verdict(share >= TARGET_FLOOR_SHARE)
							: "not comparable: the server did not validate (see the validation probe)"));
		}
		if (open != null) {
			out.append(String.format(Locale.ROOT, "| open loop %.0f/s: p99 < 30 ms | %.1f ms | %s |\n", open.offeredRate,
					open.ms(99), verdict(open.ms(99) < TARGET_OPEN_P99_MS && open.errorCount() == 0)));
		}
		if (!Double.isNaN(peakRssMb)) {
			out.append(String.format(Locale.ROOT, "| peak RSS < 640 MB (`%s`) | %.0f MB | %s |\n", options.serverJvm,
					peakRssMb, verdict(peakRssMb < TARGET_RSS_MB)));
		}
		if (!Double.isNaN(startSeconds)) {
			out.append(String.format(Locale.ROOT, "| process start to first accepted report < 15 s | %.1f s | %s |\n",
					startSeconds, verdict(startSeconds < TARGET_START_S)));
		}
		if (floor != null) {
			// per core: on one thread per core when measured so, the validator's own CPU per bundle
			Map<String, Object> measured = perCore != null ? perCore : floor;
			double cpu = (Double) measured.get("cpuMsPerBundle");
			double jvm = (Double) measured.get("processCpuMsPerBundle");
			out.append(String.format(Locale.ROOT,
					"| validation ≤ 6 ms per bundle per core | %.2f ms on %s threads (%.2f ms with GC and JIT) | %s |\n", cpu,
					measured.get("threads"), jvm, verdict(cpu <= 6)));
		}
		double others = maxOthersPercent();
		if (others > 10) {
			out.append(String.format(Locale.ROOT, "%n**Other processes used up to %.0f%% of the machine's CPU during this "
					+ "run (column \"other processes' CPU\"): the figures are disturbed; run again on a quiet machine.**%n",
					others));
		}
		return out.toString();
	}

	double maxOthersPercent() {
		double max = 0;
		for (Phase p : closed) {
			max = Math.max(max, p.othersPercent);
		}
		if (open != null) {
			max = Math.max(max, open.othersPercent);
		}
		for (Map<String, Object> f : java.util.Arrays.asList(floor, baseline, perCore)) {
			if (f != null && f.get("othersPercent") instanceof Double d) {
				max = Math.max(max, d);
			}
		}
		return max;
	}

	private static String verdict(boolean met) {
		return met ? "met" : "**missed**";
	}

	private static String row(Phase p, String label) {
		return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %s | %.1f | %.1f | %.0f%% | %.0f |\n",
				label, p.throughput(), p.ms(50), p.ms(95), p.ms(99), p.maxMs(), p.accepted,
				p.errorCount() == 0 ? "0" : p.errorCount() + " " + p.errorSummary(),
				p.accepted == 0 ? Double.NaN : (double) p.serverCpuMs / p.accepted,
				p.accepted == 0 ? Double.NaN : (double) p.benchCpuMs / p.accepted, p.othersPercent, p.peakRssMb);
	}

	private static String floorRow(Map<String, Object> f, String label) {
		return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %d | %.0f | %.0f%% |\n", label,
				f.get("throughput"), f.get("p50"), f.get("p95"), f.get("p99"), f.get("cpuMsPerBundle"),
				f.get("processCpuMsPerBundle"), f.get("threads"), f.get("coldMs"), f.get("othersPercent"));
	}

	/** The section written to docs/performance.md. */
	String docsSection(String table) {
		StringBuilder out = new StringBuilder();
		out.append("### Last run: ").append(when).append("\n\n");
		out.append("```\n").append(command).append("\n```\n\n");
		out.append("- machine: ").append(machine).append('\n');
		out.append("- commit: ").append(git).append('\n');
		out.append(String.format(Locale.ROOT,
				"- durations: warm-up %s s at concurrency 8, closed loop %s s per concurrency, open loop %s s; floor %s s "
						+ "after %s s of warm-up\n",
				options.warmup.toSeconds(), options.duration.toSeconds(), options.openDuration.toSeconds(),
				options.floorDuration.toSeconds(), options.floorWarmup.toSeconds()));
		out.append(String.format(Locale.ROOT, "- report Bundles: %.1f KB on average (8 entries incl. one "
				+ "DocumentReference with a ~15 KB photo), hospitals 01–11 in turn\n", bundleKb));
		if (jar != null) {
			out.append("- server jar: ").append(jar).append("; JVM flags `").append(options.serverJvm).append("`\n");
		}
		if (probe != null) {
			out.append("- validation probe: ").append(probe).append('\n');
		}
		if (startedLine != null) {
			out.append("- Spring Boot: ").append(startedLine.strip()).append('\n');
		}
		if (!Double.isNaN(rssAfterStartMb)) {
			out.append(String.format(Locale.ROOT,
					"- server RSS: %.0f MB after the first report, %.0f MB peak (VmHWM), %.0f MB at the end\n",
					rssAfterStartMb, peakRssMb, rssEndMb));
		}
		List<Phase> all = new ArrayList<>(closed);
		if (open != null) {
			all.add(open);
		}
		for (Phase p : all) {
			if (!p.samples.isEmpty()) {
				out.append("- first errors in ").append(p.name).append(": ").append(p.samples).append('\n');
			}
		}
		if (floor != null) {
			out.append(String.format(Locale.ROOT,
					"- floor: %s; validator built in %.0f ms, first validation %.0f ms; `oidregistry.csv` from %s; "
							+ "first bundle %d errors, %d warnings%s\n",
					floor.get("validator"), floor.get("setupMs"), floor.get("coldMs"), floor.get("oidRegistry"),
					((List<?>) floor.get("firstErrors")).size(), floor.get("firstWarnings"),
					((List<?>) floor.get("firstErrors")).isEmpty() ? "" : " " + floor.get("firstErrors")));
		}
		if (failure != null) {
			out.append("- **the server phases failed**: ").append(failure).append('\n');
		}
		out.append('\n').append(table);
		return out.toString();
	}
}
