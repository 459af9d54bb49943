package io.shouhu.casework;

/** How quickly a report must be looked at; triage takes the most urgent first. */
public enum Urgency {

	/** The child is in danger now. */
	IMMEDIATE_DANGER("immediate-danger"),
	/** Needs attention today. */
	URGENT("urgent"),
	/** Ordinary order of work. */
	ROUTINE("routine");

	private final String code;

	Urgency(String code) {
		this.code = code;
	}

	/** The code used on the wire, e.g. {@code immediate-danger}. */
	public String code() {
		return code;
	}

	/** The urgency for a wire code, or {@code null} when the code is not one. */
	public static Urgency ofCode(String code) {
		for (Urgency urgency : values()) {
			if (urgency.code.equals(code)) {
				return urgency;
			}
		}
		return null;
	}
}
