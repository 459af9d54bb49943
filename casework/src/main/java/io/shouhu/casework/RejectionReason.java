package io.shouhu.casework;

/**
 * Why a report is rejected. The reporter hears the reason's short text (Task.statusReason), never
 * the prosecutor's own words, which may speak of the case.
 */
public enum RejectionReason {

	/** What was reported is none of the nine situations. */
	NOT_REPORTABLE("所报告情况不属于强制报告情形", "What was reported is not a situation that must be reported"),
	/** The same harm was reported already and is being handled. */
	DUPLICATE("该情况已有报告，正在处理中", "This was reported already and is being handled"),
	/** Not enough to act on, and nobody could be reached to complete it. */
	INSUFFICIENT_INFORMATION("报告信息不足，无法处理", "The report does not hold enough information to act on"),
	/** The child is not a minor, or not the subject of the report. */
	NOT_A_MINOR("被报告人不是未成年人", "The person reported is not a minor"),
	/** Anything else; the text tells the supervisor. */
	OTHER("经审查不予受理", "Not taken up after review");

	private final String chinese;

	private final String english;

	RejectionReason(String chinese, String english) {
		this.chinese = chinese;
		this.english = english;
	}

	/** The text the reporting hospital sees: English for {@code en}, else Chinese. */
	public String reporterText(boolean english) {
		return english ? this.english : chinese;
	}

	/** The code used on the wire, e.g. {@code not-reportable}. */
	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	/** The reason for a wire code, or {@code null}. */
	public static RejectionReason ofCode(String code) {
		for (RejectionReason reason : values()) {
			if (reason.code().equals(code)) {
				return reason;
			}
		}
		return null;
	}
}
