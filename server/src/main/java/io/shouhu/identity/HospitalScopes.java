package io.shouhu.identity;

import java.util.List;

/**
 * The SMART system scopes a hospital client can hold. A token request without {@code scope} is
 * granted all of the client's registered scopes.
 */
public final class HospitalScopes {

	/** Send report messages ({@code POST /fhir/...}). */
	public static final String BUNDLE_CREATE = "system/Bundle.c";

	/** Read and search the status tasks ({@code GET /fhir/Task...}). */
	public static final String TASK_READ = "system/Task.rs";

	/** All of them, in the order they are advertised. */
	public static final List<String> ALL = List.of(BUNDLE_CREATE, TASK_READ);

	private HospitalScopes() {
	}
}
