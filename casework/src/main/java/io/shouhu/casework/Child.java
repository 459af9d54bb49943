package io.shouhu.casework;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The minor a report is about, as the hospital recorded them. Personal data: never logged, never
 * pushed.
 *
 * @param familyName may be {@code null}
 * @param givenName may be {@code null}
 * @param birthDate required: the law turns on age
 * @param sex required, {@link Sex#UNKNOWN} when not recorded
 * @param nationalId the national ID number, may be {@code null}
 */
public record Child(String familyName, String givenName, LocalDate birthDate, Sex sex, String nationalId) {

	public Child {
		Objects.requireNonNull(birthDate, "birthDate");
		Objects.requireNonNull(sex, "sex");
	}

	@Override
	public String toString() {
		return "Child[sealed]";
	}
}
