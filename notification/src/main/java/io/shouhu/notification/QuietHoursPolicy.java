package io.shouhu.notification;

import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * What a recipient's quiet hours do to a new alert: critical and high ones go through; a normal one
 * waits for the end of the quiet period; a reminder goes to the inbox only, and one digest alert per
 * person and quiet period is pushed when it ends instead of each reminder.
 */
@Component
class QuietHoursPolicy {

	static final String DIGEST = "reminder-digest";

	private final QuietHoursPreferences preferences;

	private final Alerts alerts;

	QuietHoursPolicy(QuietHoursPreferences preferences, Alerts alerts) {
		this.preferences = preferences;
		this.alerts = alerts;
	}

	/** The alert as it is to be recorded, recording the digest it joins if it is a reminder. */
	AlertDocument apply(AlertDocument alert, Instant now) {
		if (!AlertDocument.NORMAL.equals(alert.priority())) {
			return alert;
		}
		Optional<Instant> until = preferences.quietUntil(alert.recipient(), now);
		if (until.isEmpty()) {
			return alert;
		}
		if (TaskReminders.DUE_SOON.equals(alert.type()) || TaskReminders.OVERDUE.equals(alert.type())) {
			String digest = Alerts.idFor(DIGEST, alert.recipient() + "@" + until.get().toEpochMilli(), alert.recipient());
			alerts.recordIfAbsent(AlertDocument.create(digest, DIGEST, AlertDocument.NORMAL, alert.recipient(),
					alert.jurisdiction(), null, null, null, "shouhu://inbox", now).deferredTo(until.get()));
			return alert.digested();
		}
		return alert.deferredTo(until.get());
	}
}
