package io.shouhu.casework;

import java.time.LocalDate;
import java.time.Period;

/**
 * Age in 周岁 as Chinese law counts it: a person reaches N 周岁 on the day <em>after</em> the Nth
 * birthday (法释〔2006〕1号 art. 2). So on the 18th birthday a patient is still a minor.
 */
public final class Age {

	/** The age of majority. */
	public static final int ADULT = 18;

	private Age() {
	}

	/** Completed 周岁 of someone born on {@code birthDate}, on {@code date}. */
	public static int on(LocalDate birthDate, LocalDate date) {
		if (date.isBefore(birthDate)) {
			return 0;
		}
		return Period.between(birthDate, date.minusDays(1)).getYears();
	}

	/** Whether someone born on {@code birthDate} is a minor on {@code date}. */
	public static boolean isMinor(LocalDate birthDate, LocalDate date) {
		return on(birthDate, date) < ADULT;
	}
}
