package io.shouhu.bench;

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
 * The server jar as a child process, in a fresh temporary working directory (so a fresh embedded
 * store in {@code ./data}; the jar is copied there first, unless it is the extracted application with
 * its class-data-sharing archive, which runs in place with the archive), on a free port of 127.0.0.1,
 * with the given JVM flags; its output goes to
 * {@code server.log} there. Samples the process's resident set ({@code VmRSS}) every 100 ms and reads
 * the kernel's peak ({@code VmHWM}). Always stopped at the end, also on failure (shutdown hook).
 */
public final class ServerProcess implements AutoCloseable {

	private final Path jar;

	private final List<String> jvmArgs;

	/** Application arguments after the port and address, e.g. which store to use. */
	private final List<String> appArgs;

	private final Path workDir;

	private final Path runJar;

	/** The class-data-sharing archive the server starts with, or null. */
	private final Path archive;

	private final int port;

	private final boolean keepData;

	private final Path logCopy;

	private Process process;

	private long startNanos;

	private Thread sampler;

	private final AtomicLong maxRssKb = new AtomicLong();

	private final AtomicLong phaseMaxRssKb = new AtomicLong();

	private volatile long lastHwmKb;

	private Thread hook;

	private volatile boolean stopped;

	ServerProcess(Path jar, List<String> jvmArgs, boolean keepData, Path logCopy) throws IOException {
		this(jar, jvmArgs, List.of(), keepData, logCopy);
	}

	/** A server started with application arguments of its own, e.g. {@code --spring.mongodb.uri=...}. */
	public ServerProcess(Path jar, List<String> jvmArgs, List<String> appArgs, boolean keepData, Path logCopy)
			throws IOException {
		this.jar = jar;
		this.jvmArgs = List.copyOf(jvmArgs);
		this.appArgs = List.copyOf(appArgs);
		this.keepData = keepData;
		this.logCopy = logCopy;
		this.workDir = Files.createTempDirectory("shouhu-bench-");
		this.port = freePort();
		Path archive = classDataArchive(jar);
		if (archive != null) {
			// The extracted layout with its class-data-sharing archive, run in place as the README
			// does: the archive holds the jars' paths, so a copy would start without it.
			this.runJar = jar.toAbsolutePath();
			this.archive = archive;
		}
		else {
			// a private copy: a build running meanwhile cannot swap the jar under the running server
			this.runJar = Files.copy(jar, workDir.resolve(jar.getFileName()));
			this.archive = null;
			Path lib = jar.toAbsolutePath().getParent().resolve("lib");
			if (Files.isDirectory(lib)) {
				// the extracted layout without an archive: its lib/ goes with it
				Path target = Files.createDirectory(workDir.resolve("lib"));
				try (var jars = Files.list(lib)) {
					for (Path dependency : (Iterable<Path>) jars::iterator) {
						Files.copy(dependency, target.resolve(dependency.getFileName()));
					}
				}
			}
		}
	}

	/** The class-data-sharing archive the build puts beside the extracted application jar, if any. */
	static Path classDataArchive(Path jar) {
		Path archive = jar.toAbsolutePath().resolveSibling("shouhu-server.jsa");
		return Files.isDirectory(jar.toAbsolutePath().resolveSibling("lib")) && Files.isRegularFile(archive) ? archive
				: null;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + port;
	}

	public Path workDir() {
		return workDir;
	}

	public List<String> command() {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		if (archive != null) {
			command.add("-XX:SharedArchiveFile=" + archive);
		}
		command.addAll(jvmArgs);
		command.add("-jar");
		command.add(runJar.toString());
		command.add("--server.port=" + port);
		command.add("--server.address=127.0.0.1");
		command.addAll(appArgs);
		return command;
	}

	/** Starts the process; returns {@link System#nanoTime()} just before the start. */
	public long start() throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command()).directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(workDir.resolve("server.log").toFile());
		builder.environment().remove("PORT");
		hook = new Thread(this::stopQuietly, "stop-server");
		Runtime.getRuntime().addShutdownHook(hook);
		startNanos = System.nanoTime();
		process = builder.start();
		sampler = new Thread(this::sample, "rss-sampler");
		sampler.setDaemon(true);
		sampler.start();
		return startNanos;
	}

	public long pid() {
		return process.pid();
	}

	public boolean alive() {
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
			// the process has gone
		}
	}

	private static long kb(String line) {
		return Long.parseLong(line.replaceAll("[^0-9]", ""));
	}

	/** The highest sampled RSS since the last call, in MB, and restarts the phase maximum. */
	public double takePhasePeakRssMb() {
		readMemory();
		return phaseMaxRssKb.getAndSet(0) / 1024.0;
	}

	/** Peak RSS in MB: the kernel's high-water mark, or the highest sample if that is higher. */
	public double peakRssMb() {
		readMemory();
		return Math.max(lastHwmKb, maxRssKb.get()) / 1024.0;
	}

	public double currentRssMb() {
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

	/** User + system CPU time of the server process so far, in milliseconds (clock ticks of 10 ms). */
	public long cpuMillis() {
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// after the command: state(0) ppid ... utime is field 14 overall = index 11 here, stime 12
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/** Size of the server's data directory (the embedded store), in MB. */
	public double dataMb() {
		Path data = workDir.resolve("data");
		if (!Files.isDirectory(data)) {
			return 0;
		}
		try (Stream<Path> files = Files.walk(data)) {
			return files.filter(Files::isRegularFile).mapToLong(p -> {
				try {
					return Files.size(p);
				}
				catch (IOException ex) {
					return 0;
				}
			}).sum() / (1024.0 * 1024.0);
		}
		catch (IOException | UncheckedIOException ex) {
			return Double.NaN;
		}
	}

	/** The last lines of the server's log. */
	public String logTail(int lines) {
		try {
			List<String> all = Files.readAllLines(workDir.resolve("server.log"));
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	/** The lines of the server's log that contain {@code text}. */
	public List<String> logLines(String text) {
		try (Stream<String> lines = Files.lines(workDir.resolve("server.log"))) {
			return lines.filter(l -> l.contains(text)).toList();
		}
		catch (IOException | UncheckedIOException ex) {
			return List.of();
		}
	}

	/** "Started ... in N seconds" from the log, if Spring Boot wrote it. */
	public String startedLine() {
		try (Stream<String> lines = Files.lines(workDir.resolve("server.log"))) {
			return lines.filter(l -> l.contains("Started ") && l.contains(" seconds"))
				.findFirst()
				.map(l -> l.substring(l.indexOf("Started ")).replaceFirst("\"\\}\\s*$", ""))
				.orElse(null);
		}
		catch (IOException | UncheckedIOException ex) {
			return null;
		}
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
		if (!keepData) {
			deleteTree(workDir);
		}
	}

	/** Deletes a directory and all in it; says so on stderr when it cannot. */
	public static void deleteTree(Path dir) {
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			System.err.println("could not delete " + dir + ": " + ex.getMessage());
		}
	}
}
