package io.shouhu.casework;

/**
 * The keyset file is missing, unreadable or not a Shouhu keyset: personal data can be neither written
 * nor read, so the server must not start. The message says which file and what to do.
 */
public class KeysetUnavailable extends IllegalStateException {

	KeysetUnavailable(String message) {
		super(message);
	}
}
