package io.shouhu.casework;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Publishes what a case's outbox holds (its {@link CaseEvents}) after the case was saved, then empties
 * the outbox in the store. A crash in between leaves the outbox full, and the sweep publishes it
 * again; listeners are idempotent, so an event is heard at least once and acted on once.
 */
@Component
class CaseNotices {

	private final Cases cases;

	private final ApplicationEventPublisher events;

	CaseNotices(Cases cases, ApplicationEventPublisher events) {
		this.cases = cases;
		this.events = events;
	}

	/** Publishes the saved case's outbox and empties it, unless the case changed meanwhile. */
	void publish(Case saved) {
		if (saved.outbox.isEmpty()) {
			return;
		}
		saved.notices().forEach(events::publishEvent);
		cases.outboxDelivered(saved);
	}
}
