package io.shouhu.casework;

import java.time.LocalDate;

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
		// The Nth anniversary is the last day of year N (for a 29 February birth in a common year, the
		// last day of February: Civil Code art. 203); N 周岁 is reached the day after it.
		int years = date.getYear() - birthDate.getYear();
		while (years > 0 && !birthDate.plusYears(years).isBefore(date)) {
			years--;
		}
		return Math.max(years, 0);
	}

	/** Whether someone born on {@code birthDate} is a minor on {@code date}. */
	public static boolean isMinor(LocalDate birthDate, LocalDate date) {
		return on(birthDate, date) < ADULT;
	}
}
