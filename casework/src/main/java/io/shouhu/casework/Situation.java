package io.shouhu.casework;

/**
 * The nine situations that must be reported (2020 Opinion on mandatory reporting, art. 4), coded
 * {@code S1}…{@code S9}.
 */
public enum Situation {

	/** Abnormal injury to the genitals or private parts. */
	S1,
	/** A girl under 14 who suffered or is suspected to have suffered sexual assault, is pregnant, or had an abortion. */
	S2,
	/** A girl of 14 or over who is pregnant or had an abortion caused by sexual assault. */
	S3,
	/** Multiple injuries, severe malnutrition or impaired consciousness with suspected violence, abuse or drugging. */
	S4,
	/** Disability or death from suicide, self-harm, poisoning, beating or other abnormal causes. */
	S5,
	/** Abandonment or long-term lack of care. */
	S6,
	/** Unknown origin, missing, trafficked or bought. */
	S7,
	/** Organised begging. */
	S8,
	/** Other serious harm to body or mind, or a minor now facing unlawful harm. */
	S9;

	/** The situation for a code such as {@code S2}, or {@code null} when the code is not one. */
	public static Situation ofCode(String code) {
		for (Situation situation : values()) {
			if (situation.name().equals(code)) {
				return situation;
			}
		}
		return null;
	}
}
