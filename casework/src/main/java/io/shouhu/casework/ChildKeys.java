package io.shouhu.casework;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What finds the open case of a child again when another report about them comes in: digests of
 * the national ID number and of name + birth date + sex, normalised, so the case document holds no
 * plaintext to match on. (A keyed digest replaces the plain one when the keys of personal-data
 * encryption arrive.)
 *
 * @param nationalId digest of the national ID number, or {@code null}
 * @param nameBirthSex digest of full name, birth date and sex, or {@code null} without a name
 */
record ChildKeys(String nationalId, String nameBirthSex) {

	static ChildKeys of(Child child) {
		String id = child.nationalId() == null || child.nationalId().isBlank() ? null
				: digest("id|" + normalised(child.nationalId()));
		String name = normalised((child.familyName() == null ? "" : child.familyName())
				+ (child.givenName() == null ? "" : child.givenName()));
		String nameBirthSex = name.isEmpty() ? null
				: digest("nbs|" + name + "|" + child.birthDate() + "|" + child.sex().name());
		return new ChildKeys(id, nameBirthSex);
	}

	private static String normalised(String value) {
		return Normalizer.normalize(value, Normalizer.Form.NFKC).replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
	}

	private static String digest(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
