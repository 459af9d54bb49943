package io.shouhu.notification;

import java.util.Locale;

/** Where the push of one alert stands. The alert itself is in the inbox whatever this says. */
enum PushState {

	/** Waiting for its first or next attempt (at {@code nextAttemptAt}). */
	PENDING,
	/** Claimed by one server instance until {@code leaseUntil}. */
	SENDING,
	/** FCM accepted it for at least one of the recipient's phones. */
	SENT,
	/** Every attempt failed, or FCM refused it for good. */
	FAILED,
	/** The recipient has no phone registered for push. */
	NO_DEVICE,
	/** A reminder during the recipient's quiet hours: not pushed itself, one digest is pushed when they end. */
	DIGESTED;

	String code() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}
}
