package io.shouhu.casework;

import java.util.Set;

/**
 * The milestones of each track, with the order the law and practice give them: a milestone may need
 * another one first, may rule another one out, and may need a detail (the type of a suit, an amount).
 */
public enum Milestone {

	/** 移送公安: the report was referred to the police. */
	REFERRED_TO_POLICE(TrackType.CRIMINAL, "移送公安机关", "Referred to police", null, null, Detail.NONE, false),
	/** 公安受理. */
	POLICE_ACCEPTED(TrackType.CRIMINAL, "公安机关受理", "Police accepted", REFERRED_TO_POLICE, null, Detail.NONE, false),
	/** 立案. */
	CASE_FILED(TrackType.CRIMINAL, "公安机关立案", "Case filed", POLICE_ACCEPTED, null, Detail.NONE, false),
	/** 不立案: the procuratorate then supervises the decision (立案监督). */
	CASE_NOT_FILED(TrackType.CRIMINAL, "公安机关不立案", "Case not filed", POLICE_ACCEPTED, CASE_FILED, Detail.NONE,
			false),
	/** 立案监督: opened by itself when the police decline to file. */
	FILING_SUPERVISION_OPENED(TrackType.CRIMINAL, "启动立案监督", "Filing supervision opened", CASE_NOT_FILED, null,
			Detail.NONE, false),
	/** 批准逮捕. */
	ARREST_APPROVED(TrackType.CRIMINAL, "批准逮捕", "Arrest approved", CASE_FILED, null, Detail.NONE, false),
	/** 提起公诉. */
	PROSECUTED(TrackType.CRIMINAL, "提起公诉", "Prosecuted", CASE_FILED, null, Detail.NONE, false),
	/** 判决: the detail says what the court decided. */
	JUDGMENT(TrackType.CRIMINAL, "法院判决", "Judgment", PROSECUTED, null, Detail.TEXT, false),

	/** 决定支持起诉. */
	SUPPORT_DECIDED(TrackType.CIVIL_SUPPORT, "决定支持起诉", "Decided to support", null, null, Detail.NONE, false),
	/** 起诉: the detail is the type of suit. */
	SUIT_FILED(TrackType.CIVIL_SUPPORT, "提起诉讼", "Suit filed", SUPPORT_DECIDED, null, Detail.SUIT_TYPE, false),
	/** 诉讼结果. */
	SUIT_RESULT(TrackType.CIVIL_SUPPORT, "诉讼结果", "Result of the suit", SUIT_FILED, null, Detail.TEXT, false),

	/** 心理评估. */
	ASSESSED(TrackType.PSYCHOLOGICAL_AID, "心理评估", "Assessment", null, null, Detail.NONE, false),
	/** 心理辅导: one per session held. */
	SESSION_HELD(TrackType.PSYCHOLOGICAL_AID, "心理辅导", "Session held", ASSESSED, null, Detail.NONE, true),
	/** 心理救助结案. */
	AID_CLOSED(TrackType.PSYCHOLOGICAL_AID, "心理救助结束", "Psychological aid closed", ASSESSED, null, Detail.NONE,
			false),

	/** 法律援助申请. */
	LEGAL_AID_APPLIED(TrackType.LEGAL_AID, "申请法律援助", "Legal aid applied for", null, null, Detail.NONE, false),
	/** 指派律师. */
	LAWYER_ASSIGNED(TrackType.LEGAL_AID, "指派律师", "Lawyer assigned", LEGAL_AID_APPLIED, null, Detail.NONE, false),

	/** 司法救助申请. */
	JUDICIAL_AID_APPLIED(TrackType.JUDICIAL_AID, "申请司法救助", "Judicial aid applied for", null, null, Detail.NONE,
			false),
	/** 救助决定: the detail says what was decided. */
	JUDICIAL_AID_DECIDED(TrackType.JUDICIAL_AID, "司法救助决定", "Judicial aid decided", JUDICIAL_AID_APPLIED, null,
			Detail.TEXT, false),
	/** 救助金发放: the detail is the amount in yuan. */
	AID_PAID(TrackType.JUDICIAL_AID, "救助金发放", "Aid paid", JUDICIAL_AID_DECIDED, null, Detail.AMOUNT, false),

	/** 督促监护令. */
	GUARDIANSHIP_ORDER_ISSUED(TrackType.PARENTING_GUIDANCE, "制发督促监护令", "Guardianship order issued", null, null,
			Detail.NONE, false),
	/** 亲职教育完成. */
	GUIDANCE_SESSIONS_COMPLETED(TrackType.PARENTING_GUIDANCE, "完成亲职教育", "Guidance sessions completed", null, null,
			Detail.NONE, false);

	/** What a milestone must be recorded with. */
	public enum Detail {

		/** Nothing. */
		NONE,
		/** A short text (at most 500 characters). */
		TEXT,
		/** A {@link SuitType}. */
		SUIT_TYPE,
		/** An amount in whole yuan, more than zero. */
		AMOUNT
	}

	private final TrackType track;

	private final String chinese;

	private final String english;

	private final Milestone requires;

	private final Milestone excludes;

	private final Detail detail;

	private final boolean repeatable;

	Milestone(TrackType track, String chinese, String english, Milestone requires, Milestone excludes, Detail detail,
			boolean repeatable) {
		this.track = track;
		this.chinese = chinese;
		this.english = english;
		this.requires = requires;
		this.excludes = excludes;
		this.detail = detail;
		this.repeatable = repeatable;
	}

	public TrackType track() {
		return track;
	}

	/** The milestone that must come first, or {@code null}. */
	public Milestone requires() {
		return requires;
	}

	/** A milestone that rules this one out once recorded, or {@code null}. */
	public Milestone excludes() {
		return excludes;
	}

	public Detail detail() {
		return detail;
	}

	public boolean repeatable() {
		return repeatable;
	}

	/** Milestones recorded by the system as a consequence, never by hand. */
	static final Set<Milestone> AUTOMATIC = Set.of(FILING_SUPERVISION_OPENED);

	/** The name for display: English for {@code en}, else Chinese. */
	public String display(boolean english) {
		return english ? this.english : chinese;
	}

	/** The code used on the wire, e.g. {@code referred-to-police}. */
	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	/** The milestone for a wire code, or {@code null}. */
	public static Milestone ofCode(String code) {
		for (Milestone milestone : values()) {
			if (milestone.code().equals(code) || milestone.name().equals(code)) {
				return milestone;
			}
		}
		return null;
	}
}
