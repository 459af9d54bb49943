package io.shouhu.casework;

/** What a member of staff does in a procuratorate; carried in their tokens in lower case. */
public enum Role {

	/** Intake prosecutor on duty: triages new reports. */
	INTAKE,
	/** Lead prosecutor: owns cases. */
	PROSECUTOR,
	/** Assigns, approves closure, is alerted on escalation. */
	SUPERVISOR,
	/** Receives and works tasks. */
	SOCIAL_WORKER,
	/** Receives and works psychological-aid tasks. */
	PSYCHOLOGIST;

	/** The name used in tokens and URLs, e.g. {@code social-worker}. */
	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	/** The role for a code such as {@code social-worker}, or {@code null}. */
	public static Role ofCode(String code) {
		for (Role role : values()) {
			if (role.code().equals(code)) {
				return role;
			}
		}
		return null;
	}
}
