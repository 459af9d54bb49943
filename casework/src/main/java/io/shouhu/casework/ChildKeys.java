package io.shouhu.casework;

import java.text.Normalizer;
import java.util.Locale;

/**
 * What finds the open case of a child again when another report about them comes in: keyed blind
 * indexes (HMAC-SHA256 under the blind-index key) of the national ID number and of name + birth date +
 * sex, normalised, so no document holds plaintext to match on, and without the key the indexes
 * cannot be recomputed from a guessed name or ID number.
 *
 * @param nationalId blind index of the national ID number, or {@code null}
 * @param nameBirthSex blind index of full name, birth date and sex, or {@code null} without a name
 */
record ChildKeys(String nationalId, String nameBirthSex) {

	static ChildKeys of(Child child, PersonalDataKeys keys) {
		String id = child.nationalId() == null || child.nationalId().isBlank() ? null
				: keys.blindIndex("id", normalised(child.nationalId()));
		String name = normalised((child.familyName() == null ? "" : child.familyName())
				+ (child.givenName() == null ? "" : child.givenName()));
		String nameBirthSex = name.isEmpty() ? null
				: keys.blindIndex("nbs", name + "|" + child.birthDate() + "|" + child.sex().name());
		return new ChildKeys(id, nameBirthSex);
	}

	private static String normalised(String value) {
		return Normalizer.normalize(value, Normalizer.Form.NFKC).replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
	}

}
