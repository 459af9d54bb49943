package io.shouhu.identity;

/**
 * The access-token claims Shouhu relies on, whoever issues the token. A hospital's token carries
 * {@code hospital} (its client id, also its {@code sub}); a member of staff's carries
 * {@code jurisdiction} and {@code roles} (the {@code io.shouhu.casework.Role} codes) with
 * {@code sub} = the login name.
 */
public final class ShouhuClaims {

	/** The hospital id, e.g. {@code hospital-01}; only in hospital tokens. */
	public static final String HOSPITAL = "hospital";

	/** The jurisdiction id of a member of staff, e.g. {@code longwan}; only in staff tokens. */
	public static final String JURISDICTION = "jurisdiction";

	/** A JSON array of role codes, e.g. {@code ["intake"]}; only in staff tokens. */
	public static final String ROLES = "roles";

	private ShouhuClaims() {
	}
}
