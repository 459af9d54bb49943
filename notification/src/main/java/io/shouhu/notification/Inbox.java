package io.shouhu.notification;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.shouhu.casework.UserId;
import org.springframework.stereotype.Service;

/**
 * The alerts of each member of staff, whether or not a push reached their phone: the app shows these
 * when it opens, so an alert whose push was lost is still seen.
 */
@Service
public class Inbox {

	static final int LIMIT = 200;

	private final Alerts alerts;

	private final Escalations escalations;

	private final Clock clock;

	Inbox(Alerts alerts, Escalations escalations, Optional<Clock> clock) {
		this.alerts = alerts;
		this.escalations = escalations;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	/** The user's alerts, newest first, at most the latest {@value #LIMIT}. */
	public List<InboxAlert> of(UserId user) {
		Objects.requireNonNull(user, "user");
		return alerts.forRecipient(user.value(), LIMIT).stream().map(AlertDocument::toInboxAlert).toList();
	}

	/**
	 * A page of the user's alerts, newest first, with how many of all of them are unread.
	 * @param cursor the {@link InboxPage#next()} of the page before, or {@code null} for the first
	 * @param limit held to 1 to {@value #LIMIT}
	 * @throws IllegalArgumentException for a cursor that is not one of ours
	 */
	public InboxPage page(UserId user, String cursor, int limit) {
		Objects.requireNonNull(user, "user");
		InboxCursor after = cursor == null || cursor.isBlank() ? null
				: InboxCursor.decode(cursor).orElseThrow(() -> new IllegalArgumentException("not an inbox cursor"));
		int size = Math.max(1, Math.min(limit, LIMIT));
		List<AlertDocument> found = alerts.forRecipient(user.value(), after, size + 1);
		boolean more = found.size() > size;
		List<AlertDocument> page = more ? found.subList(0, size) : found;
		String next = more ? new InboxCursor(page.get(size - 1).createdAt(), page.get(size - 1).id()).encode() : null;
		return new InboxPage(page.stream().map(AlertDocument::toInboxAlert).toList(), alerts.unread(user.value()),
				next);
	}

	/**
	 * The user says they have seen to the alert: it stops asking for attention (and is read). Again
	 * changes nothing.
	 * @return whether the user has an alert with that id
	 */
	public boolean acknowledge(UserId user, String alertId) {
		Objects.requireNonNull(user, "user");
		if (alertId == null || alertId.isBlank()) {
			return false;
		}
		if (!alerts.acknowledge(user.value(), alertId, clock.instant())) {
			return false;
		}
		// Someone has it: the chain stops bothering the next level.
		alerts.byId(alertId)
			.map(AlertDocument::escalation)
			.ifPresent(chain -> escalations.stop(chain, user.value(), clock.instant()));
		return true;
	}

	/**
	 * Marks one of the user's alerts read; marking it again changes nothing.
	 * @return whether the user has an alert with that id
	 */
	public boolean markRead(UserId user, String alertId) {
		Objects.requireNonNull(user, "user");
		if (alertId == null || alertId.isBlank()) {
			return false;
		}
		return alerts.markRead(user.value(), alertId, clock.instant());
	}
}
