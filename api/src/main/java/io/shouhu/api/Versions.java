package io.shouhu.api;

import org.springframework.http.HttpHeaders;

/**
 * ETags and If-Match for the app's mutable resources: the ETag is the resource's version (a case's
 * or a report's document version, a task's own revision), and every change must name the version it
 * was made on, so a prosecutor's phone never overwrites what a colleague changed meanwhile.
 */
final class Versions {

	private Versions() {
	}

	static String etag(long version) {
		return "\"" + version + "\"";
	}

	static HttpHeaders headers(long version) {
		HttpHeaders headers = new HttpHeaders();
		headers.setETag(etag(version));
		return headers;
	}

	/**
	 * The version an If-Match names.
	 * @throws PreconditionRequired without an If-Match
	 * @throws io.shouhu.casework.StaleVersion when it names no version of ours (a stale or foreign ETag)
	 */
	static long required(String ifMatch) {
		if (ifMatch == null || ifMatch.isBlank()) {
			throw new PreconditionRequired();
		}
		String tag = ifMatch.strip();
		if (tag.startsWith("W/")) {
			tag = tag.substring(2);
		}
		if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
			tag = tag.substring(1, tag.length() - 1);
		}
		try {
			return Long.parseLong(tag);
		}
		catch (NumberFormatException ex) {
			throw new io.shouhu.casework.StaleVersion();
		}
	}

	/** A change without If-Match. */
	static class PreconditionRequired extends RuntimeException {

		PreconditionRequired() {
			super("Send If-Match with the ETag of what you read, so that no one's change is lost.");
		}
	}
}
