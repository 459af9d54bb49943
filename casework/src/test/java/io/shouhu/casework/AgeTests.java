package io.shouhu.casework;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Ages in 周岁 as the law counts them (法释〔2006〕1号 art. 2). */
class AgeTests {

	static final LocalDate BORN = LocalDate.of(2012, 5, 10);

	@Test
	void onHerFourteenthBirthdayAGirlIsStillUnderFourteen() {
		assertThat(Age.on(BORN, LocalDate.of(2026, 5, 10))).isEqualTo(13);
		assertThat(Age.on(BORN, LocalDate.of(2026, 5, 11))).isEqualTo(14);
	}

	@Test
	void onTheEighteenthBirthdayAPatientIsStillAMinor() {
		assertThat(Age.isMinor(BORN, LocalDate.of(2030, 5, 10))).isTrue();
		assertThat(Age.isMinor(BORN, LocalDate.of(2030, 5, 11))).isFalse();
	}

	@Test
	void aLeapDayBabyTurnsOneAfterTheLastDayOfFebruary() {
		LocalDate leapDay = LocalDate.of(2024, 2, 29);
		assertThat(Age.on(leapDay, LocalDate.of(2025, 2, 28))).isZero();
		assertThat(Age.on(leapDay, LocalDate.of(2025, 3, 1))).isEqualTo(1);
	}

	@Test
	void aNewbornIsZero() {
		assertThat(Age.on(BORN, BORN)).isZero();
		assertThat(Age.on(BORN, BORN.minusDays(3))).isZero();
	}
}
