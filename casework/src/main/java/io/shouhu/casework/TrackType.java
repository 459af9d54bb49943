package io.shouhu.casework;

/** The six lines of work of one case (一件事). */
public enum TrackType {

	/** 刑事办案: criminal case handling with the police. */
	CRIMINAL("刑事办案", "Criminal case handling", Role.PROSECUTOR),
	/** 民事支持起诉: supporting a civil suit, e.g. to revoke a guardian's status or claim damages. */
	CIVIL_SUPPORT("民事支持起诉", "Civil-support prosecution", Role.PROSECUTOR),
	/** 心理救助. */
	PSYCHOLOGICAL_AID("心理救助", "Psychological aid", Role.PSYCHOLOGIST),
	/** 法律援助. */
	LEGAL_AID("法律援助", "Legal aid", Role.AID_OFFICER),
	/** 司法救助: state financial aid to the victim. */
	JUDICIAL_AID("司法救助", "Judicial aid", Role.AID_OFFICER),
	/** 亲职教育指导: guidance for the guardians, with a 督促监护令 where needed. */
	PARENTING_GUIDANCE("亲职教育指导", "Parenting guidance", Role.SOCIAL_WORKER);

	private final String chinese;

	private final String english;

	private final Role team;

	TrackType(String chinese, String english, Role team) {
		this.chinese = chinese;
		this.english = english;
		this.team = team;
	}

	/** The name for display: English for {@code en}, else Chinese. */
	public String display(boolean english) {
		return english ? this.english : chinese;
	}

	/** The team that works this track's tasks unless the playbook says otherwise. */
	public Role team() {
		return team;
	}

	/** Whether only prosecutors and supervisors may see this track (the criminal track). */
	public boolean confidential() {
		return this == CRIMINAL;
	}

	/** The code used on the wire, e.g. {@code psychological-aid}. */
	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	/** The track for a wire code, or {@code null}. */
	public static TrackType ofCode(String code) {
		for (TrackType type : values()) {
			if (type.code().equals(code) || type.name().equals(code)) {
				return type;
			}
		}
		return null;
	}
}
