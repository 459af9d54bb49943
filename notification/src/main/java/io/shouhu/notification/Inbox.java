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

	private final Clock clock;

	Inbox(Alerts alerts, Optional<Clock> clock) {
		this.alerts = alerts;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	/** The user's alerts, newest first, at most the latest {@value #LIMIT}. */
	public List<InboxAlert> of(UserId user) {
		Objects.requireNonNull(user, "user");
		return alerts.forRecipient(user.value(), LIMIT).stream().map(AlertDocument::toInboxAlert).toList();
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
