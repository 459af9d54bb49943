package io.shouhu.casework;

/** How strongly a reportability rule points to a situation. */
public enum Strength {

	/** The data alone meet the statutory situation: the doctor must report. */
	MUST_REPORT("must-report"),
	/** The data suggest the situation: the doctor should consider it with what they see. */
	CONSIDER("consider");

	private final String code;

	Strength(String code) {
		this.code = code;
	}

	/** {@code must-report} or {@code consider}, as written in the rule file. */
	public String code() {
		return code;
	}

	/** The strength for a code such as {@code must-report}, or {@code null} when the code is not one. */
	public static Strength ofCode(String code) {
		for (Strength strength : values()) {
			if (strength.code.equals(code)) {
				return strength;
			}
		}
		return null;
	}
}
