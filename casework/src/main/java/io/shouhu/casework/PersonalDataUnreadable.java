package io.shouhu.casework;

/**
 * Personal data that does not decrypt: a ciphertext moved from another record or field, altered, or
 * written with a key no longer in the keyset. Names the record and field, never the data.
 */
public class PersonalDataUnreadable extends RuntimeException {

	PersonalDataUnreadable(String context) {
		super("Personal data of " + context + " does not decrypt with this record's keys.");
	}
}
