package io.shouhu.bench;

import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * How every bench main reads its arguments: {@code --flag}, {@code --name value} or
 * {@code --name=value}; {@code -h} or {@code --help} prints the usage and exits.
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
}
