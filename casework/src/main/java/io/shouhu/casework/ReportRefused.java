package io.shouhu.casework;

/**
 * A report that cannot be taken in. The message names the rule, never personal data.
 */
public class ReportRefused extends RuntimeException {

	/** Why a report was refused. */
	public enum Reason {

		/** The sender is not a registered hospital. */
		UNKNOWN_HOSPITAL,
		/** The workstation is not registered. */
		UNKNOWN_WORKSTATION,
		/** The workstation belongs to another hospital than the sender. */
		WORKSTATION_OF_ANOTHER_HOSPITAL,
		/** The patient is 18 周岁 or older on the encounter date. */
		NOT_A_MINOR,
		/** No statutory situation was declared. */
		NO_SITUATION,
		/** The sender's report identifier was already used for a different report. */
		INTAKE_KEY_REUSED,
		/** An attachment is larger than {@link AttachmentContent#MAX_BYTES}. */
		ATTACHMENT_TOO_LARGE

	}

	private final Reason reason;

	ReportRefused(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}
}
