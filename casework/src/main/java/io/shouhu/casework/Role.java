package io.shouhu.casework;

/** What a member of staff does in a procuratorate; carried in their tokens in lower case. */
public enum Role {

	/** Intake prosecutor on duty: triages new reports. */
	INTAKE,
	/** Lead prosecutor: owns cases. */
	PROSECUTOR,
	/** Assigns, approves rejections and closure, accepts transfers, is alerted on escalation. */
	SUPERVISOR,
	/** Receives and works tasks, e.g. parenting guidance. */
	SOCIAL_WORKER,
	/** Receives and works psychological-aid tasks. */
	PSYCHOLOGIST,
	/** Legal-aid or judicial-aid officer: receives and works aid tasks. */
	AID_OFFICER,
	/** Deputy chief procurator: the last level an unacknowledged alert escalates to; reads cases. */
	DEPUTY_CHIEF;

	/** The name used in tokens and URLs, e.g. {@code social-worker}. */
	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	/** Whether the role works whole cases (prosecutors and supervisors), not only the tasks given to it. */
	public boolean worksCases() {
		return this == INTAKE || this == PROSECUTOR || this == SUPERVISOR || this == DEPUTY_CHIEF;
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
