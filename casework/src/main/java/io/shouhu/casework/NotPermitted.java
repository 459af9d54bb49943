package io.shouhu.casework;

/** The caller's roles do not allow this action. */
public class NotPermitted extends RuntimeException {

	public NotPermitted(String message) {
		super(message);
	}
}
