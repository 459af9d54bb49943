package io.shouhu.notification;

/**
 * A device registration that cannot be accepted, e.g. a malformed push token. The message names the
 * rule and never echoes the token.
 */
public class InvalidDevice extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	public InvalidDevice(String message) {
		super(message);
	}
}
