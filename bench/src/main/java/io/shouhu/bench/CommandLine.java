package io.shouhu.bench;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * What every bench main shares: its arguments ({@code --flag}, {@code --name value} or
 * {@code --name=value}; {@code -h} or {@code --help} prints the usage and exits), its exit status and
 * its watchdog.
 */
public final class CommandLine {

	private CommandLine() {
	}

	/**
	 * @param flag takes an argument without a value and says whether it was one
	 * @param option takes a name and its value
	 * @throws IllegalArgumentException when an option has no value, with the usage
	 */
	public static void parse(String[] args, String usage, Predicate<String> flag, BiConsumer<String, String> option) {
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			String value = null;
			int eq = arg.indexOf('=');
			if (arg.startsWith("--") && eq > 0) {
				value = arg.substring(eq + 1);
				arg = arg.substring(0, eq);
			}
			if (arg.equals("-h") || arg.equals("--help")) {
				System.out.print(usage);
				System.exit(0);
			}
			if (value == null && flag.test(arg)) {
				continue;
			}
			if (value == null) {
				if (i + 1 >= args.length) {
					throw new IllegalArgumentException("missing value for " + arg + "\n" + usage);
				}
				value = args[++i];
			}
			option.accept(arg, value);
		}
	}

	/**
	 * Runs a bench and exits with its status: 2 for bad arguments (an IllegalArgumentException, its
	 * message printed), 1 for any other failure. Exits even with HTTP client threads still alive; the
	 * benches' shutdown hooks stop what they started.
	 */
	public static void exit(Callable<Integer> bench) {
		int status;
		try {
			status = bench.call();
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			status = 2;
		}
		catch (Throwable ex) {
			// a command-line program: the trace is for the person running it
			System.err.println("benchmark failed: " + ex);
			ex.printStackTrace();
			status = 1;
		}
		System.out.flush();
		System.exit(status);
	}

	/** Ends the process with status 3 if the bench still runs after {@code limit} (a hung server or client). */
	public static void watchdog(String bench, Duration limit) {
		Thread watchdog = new Thread(() -> {
			try {
				Thread.sleep(limit.toMillis());
				System.err.println(bench + " watchdog: still running after " + limit + ", giving up");
				System.exit(3);
			}
			catch (InterruptedException ex) {
				// done
			}
		}, "watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
	}
}
