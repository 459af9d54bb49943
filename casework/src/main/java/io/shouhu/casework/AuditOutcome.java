package io.shouhu.casework;

/** Whether an audited access was let through or refused. */
public enum AuditOutcome {

	/** The access was permitted and done. */
	ALLOWED,
	/** The access was refused. */
	DENIED;

	/** The name used in the API, {@code allowed} or {@code denied}. */
	public String code() {
		return this == ALLOWED ? "allowed" : "denied";
	}
}
