package io.shouhu.notification;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/** Where a page of an inbox ended: the last alert's time and id, opaque to the app. */
record InboxCursor(Instant createdAt, String id) {

	String encode() {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((createdAt.toEpochMilli() + "|" + id).getBytes(StandardCharsets.UTF_8));
	}

	/** The cursor, or empty when the text is not one of ours. */
	static Optional<InboxCursor> decode(String text) {
		try {
			String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
			int bar = decoded.indexOf('|');
			String id = decoded.substring(bar + 1);
			if (bar < 1 || !id.matches("[0-9a-f]{1,64}")) {
				return Optional.empty();
			}
			return Optional.of(new InboxCursor(Instant.ofEpochMilli(Long.parseLong(decoded.substring(0, bar))), id));
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}
}
