package io.shouhu.notification;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One alert to one member of staff as stored: the inbox entry and the state of its push. Holds only
 * ids and codes, never personal data, so the push built from it cannot carry any.
 */
@Document(AlertDocument.COLLECTION)
record AlertDocument(@Id String id, String type, String priority, String recipient, String jurisdiction,
		String report, String caseId, String taskId, String link, Instant createdAt, boolean read, Instant readAt, boolean acknowledged,
		Instant acknowledgedAt, PushState pushState, String leaseOwner, Instant leaseUntil, int attempts,
		Instant nextAttemptAt, Instant pushedAt, List<DeviceOutcome> deliveries, String escalation) {

	static final String COLLECTION = "alerts";

	static final String REPORT_RECEIVED = "report-received";

	static final String CRITICAL = "critical";

	static final String HIGH = "high";

	static final String NORMAL = "normal";

	static final String TASK_ASSIGNED = "task-assigned";

	static final String REJECTION_PROPOSED = "rejection-proposed";

	static final String CLOSURE_REQUESTED = "closure-requested";

	static final String TRANSFER_REQUESTED = "transfer-requested";

	AlertDocument {
		deliveries = deliveries == null ? List.of() : List.copyOf(deliveries);
	}

	/**
	 * A new alert, waiting for its first push attempt now. Pending even when this instance has push off:
	 * another instance sharing the store may have it on (or this one, after a restart with credentials).
	 */
	static AlertDocument create(String id, String type, String priority, String recipient, String jurisdiction,
			String report, String link, Instant now) {
		return create(id, type, priority, recipient, jurisdiction, report, null, null, link, now);
	}

	/** A new alert about a report, a case or a task of one (the ids it has, the others {@code null}). */
	static AlertDocument create(String id, String type, String priority, String recipient, String jurisdiction,
			String report, String caseId, String taskId, String link, Instant now) {
		return create(id, type, priority, recipient, jurisdiction, report, caseId, taskId, link, now, null);
	}

	/** @param escalation the escalation chain acknowledging this alert stops, or {@code null} */
	static AlertDocument create(String id, String type, String priority, String recipient, String jurisdiction,
			String report, String caseId, String taskId, String link, Instant now, String escalation) {
		return new AlertDocument(id, type, priority, recipient, jurisdiction, report, caseId, taskId, link, now, false,
				null, false, null, PushState.PENDING, null, null, 0, now, null, List.of(), escalation);
	}

	/** The same alert, its first push attempt not before {@code at}. */
	AlertDocument deferredTo(Instant at) {
		return new AlertDocument(id, type, priority, recipient, jurisdiction, report, caseId, taskId, link, createdAt,
				read, readAt, acknowledged, acknowledgedAt, pushState, leaseOwner, leaseUntil, attempts, at, pushedAt,
				deliveries, escalation);
	}

	/** The same alert, in the inbox only: its push is the digest's. */
	AlertDocument digested() {
		return new AlertDocument(id, type, priority, recipient, jurisdiction, report, caseId, taskId, link, createdAt,
				read, readAt, acknowledged, acknowledgedAt, PushState.DIGESTED, leaseOwner, leaseUntil, attempts, null,
				pushedAt, deliveries, escalation);
	}

	InboxAlert toInboxAlert() {
		return new InboxAlert(id, type, priority, report, caseId, taskId, link, createdAt, read, acknowledged,
				pushState.code());
	}
}
