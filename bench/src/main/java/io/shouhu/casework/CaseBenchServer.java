package io.shouhu.casework;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The server jar as a child process for the case-list benchmark: as {@code io.shouhu.bench.ServerProcess}
 * (a private copy of the jar in a fresh temp directory, a free port of 127.0.0.1, RSS sampled every
 * 100 ms, CPU time from {@code /proc}, always stopped, also by a shutdown hook), plus extra
 * application arguments, here {@code --spring.mongodb.uri=...} pointing it at the bench's store.
 */
final class CaseBenchServer implements AutoCloseable {

	private final List<String> jvmArgs;

	private final List<String> appArgs;

	private final Path workDir;

	private final Path runJar;

	private final int port;

	private final Path logCopy;

	private final boolean keep;

	private Process process;

	private Thread sampler;

	private final AtomicLong maxRssKb = new AtomicLong();

	private final AtomicLong phaseMaxRssKb = new AtomicLong();

	private volatile long lastHwmKb;

	private Thread hook;

	private volatile boolean stopped;

	CaseBenchServer(Path jar, List<String> jvmArgs, List<String> appArgs, boolean keep, Path logCopy)
			throws IOException {
		this.jvmArgs = List.copyOf(jvmArgs);
		this.appArgs = List.copyOf(appArgs);
		this.keep = keep;
		this.logCopy = logCopy;
		this.workDir = Files.createTempDirectory("shouhu-case-bench-server-");
		this.port = freePort();
		this.runJar = Files.copy(jar, workDir.resolve("shouhu-server.jar"));
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

	String baseUrl() {
		return "http://127.0.0.1:" + port;
	}

	Path workDir() {
		return workDir;
	}

	List<String> command() {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArgs);
		command.add("-jar");
		command.add(runJar.getFileName().toString());
		command.add("--server.port=" + port);
		command.add("--server.address=127.0.0.1");
		command.addAll(appArgs);
		return command;
	}

	long start() throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command()).directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(workDir.resolve("server.log").toFile());
		builder.environment().remove("PORT");
		hook = new Thread(this::stopQuietly, "stop-server");
		Runtime.getRuntime().addShutdownHook(hook);
		long t0 = System.nanoTime();
		process = builder.start();
		sampler = new Thread(this::sample, "rss-sampler");
		sampler.setDaemon(true);
		sampler.start();
		return t0;
	}

	long pid() {
		return process.pid();
	}

	boolean alive() {
		return process != null && process.isAlive();
	}

	private void sample() {
		while (!stopped && process.isAlive()) {
			readMemory();
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private void readMemory() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
				if (line.startsWith("VmRSS:")) {
					long kb = kb(line);
					maxRssKb.accumulateAndGet(kb, Math::max);
					phaseMaxRssKb.accumulateAndGet(kb, Math::max);
				}
				else if (line.startsWith("VmHWM:")) {
					lastHwmKb = kb(line);
				}
			}
		}
		catch (IOException | UncheckedIOException ex) {
			// gone
		}
	}

	private static long kb(String line) {
		return Long.parseLong(line.replaceAll("[^0-9]", ""));
	}

	double takePhasePeakRssMb() {
		readMemory();
		return phaseMaxRssKb.getAndSet(0) / 1024.0;
	}

	double peakRssMb() {
		readMemory();
		return Math.max(lastHwmKb, maxRssKb.get()) / 1024.0;
	}

	double currentRssMb() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return kb(line) / 1024.0;
				}
			}
		}
		catch (IOException ex) {
			// gone
		}
		return Double.NaN;
	}

	/** User + system CPU time of the server process so far, in ms. */
	long cpuMillis() {
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	String logTail(int lines) {
		try {
			List<String> all = Files.readAllLines(workDir.resolve("server.log"));
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	/** Lines of the log containing {@code text}. */
	List<String> logLines(String text) {
		try (Stream<String> lines = Files.lines(workDir.resolve("server.log"))) {
			return lines.filter(l -> l.contains(text)).toList();
		}
		catch (IOException | UncheckedIOException ex) {
			return List.of();
		}
	}

	String startedLine() {
		return logLines("Started ").stream()
			.filter(l -> l.contains(" seconds"))
			.findFirst()
			.map(l -> l.substring(l.indexOf("Started ")))
			.orElse(null);
	}

	@Override
	public void close() {
		stopQuietly();
		if (hook != null) {
			try {
				Runtime.getRuntime().removeShutdownHook(hook);
			}
			catch (IllegalStateException ex) {
				// shutting down already
			}
		}
	}

	private synchronized void stopQuietly() {
		if (stopped) {
			return;
		}
		stopped = true;
		if (process != null) {
			readMemory();
			List<ProcessHandle> children = process.descendants().toList();
			process.destroy();
			try {
				if (!process.waitFor(20, TimeUnit.SECONDS)) {
					process.destroyForcibly();
					process.waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				process.destroyForcibly();
				Thread.currentThread().interrupt();
			}
			children.forEach(ProcessHandle::destroyForcibly);
		}
		try {
			Path log = workDir.resolve("server.log");
			if (logCopy != null && Files.exists(log)) {
				Files.createDirectories(logCopy.getParent());
				Files.copy(log, logCopy, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException ex) {
			System.err.println("could not keep the server log: " + ex.getMessage());
		}
		if (!keep) {
			deleteTree(workDir);
		}
	}

	static void deleteTree(Path dir) {
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			System.err.println("could not delete " + dir + ": " + ex.getMessage());
		}
	}
}
