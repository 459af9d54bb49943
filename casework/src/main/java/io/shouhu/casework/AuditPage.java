package io.shouhu.casework;

import java.util.List;

/**
 * A page of audit entries, newest first.
 *
 * @param entries the entries of this page
 * @param next the cursor of the next page, or {@code null} when this is the last
 */
public record AuditPage(List<AuditEntry> entries, String next) {

	public AuditPage {
		entries = List.copyOf(entries);
	}
}
