package io.shouhu.storage;

import java.io.PrintStream;
import java.nio.file.Path;

import io.shouhu.casework.PersonalDataKeys;

/**
 * {@code java -jar shouhu-server.jar keys generate|rotate [keyset-file]}: makes a keyset for a new
 * installation, or adds a new primary key to one (restart the servers, then re-encrypt with
 * {@code POST /api/admin/keys/re-encrypt}). The server does not start. See docs/operations/keys.md.
 */
public final class KeysCommand {

	private KeysCommand() {
	}

	/** Whether the arguments ask for this command rather than the server. */
	public static boolean wanted(String... args) {
		return args.length > 0 && "keys".equals(args[0]);
	}

	/** Runs the command; returns the process exit code. */
	public static int run(PrintStream out, String... args) {
		String action = args.length > 1 ? args[1] : "";
		Path file = Path.of(args.length > 2 ? args[2] : "./data/keyset.json");
		try {
			switch (action) {
				case "generate" -> {
					PersonalDataKeys.generate(file);
					out.println("Generated " + file.toAbsolutePath() + " (mode 0600). Back it up now, apart from"
							+ " the database: without it the data cannot be read.");
				}
				case "rotate" -> {
					int primary = PersonalDataKeys.rotate(file);
					out.println("Added key " + Integer.toUnsignedString(primary) + " as the primary of "
							+ file.toAbsolutePath() + ". Copy the file to every server, restart them, then call"
							+ " POST /api/admin/keys/re-encrypt.");
				}
				default -> {
					out.println("usage: java -jar shouhu-server.jar keys generate|rotate [keyset-file]"
							+ " (default ./data/keyset.json)");
					return 2;
				}
			}
			return 0;
		}
		catch (IllegalStateException ex) {
			out.println(ex.getMessage());
			return 1;
		}
	}
}
