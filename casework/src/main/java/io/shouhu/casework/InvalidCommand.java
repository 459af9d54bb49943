package io.shouhu.casework;

/** A command that is incomplete or malformed (a missing reason, an unknown code). */
public class InvalidCommand extends RuntimeException {

	public InvalidCommand(String message) {
		super(message);
	}
}
