package io.shouhu.casework;

/**
 * Nothing of that id in the caller's reach: it does not exist, or belongs to another jurisdiction,
 * or to nobody the caller may see. Deliberately the same in each case.
 */
public class NotFound extends RuntimeException {

	public NotFound(String what) {
		super("No such " + what + " in your jurisdiction.");
	}
}
