package io.shouhu.notification;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The escalation chain of one cause (a report waiting for triage, a closure waiting for approval):
 * which level was alerted last, in which loop, and when the next is due unless someone acknowledges.
 * One document, so moving it on is one conditional write: of several instances exactly one does it.
 */
@Document(EscalationDocument.COLLECTION)
record EscalationDocument(@Id String id, String type, String subject, String priority, String jurisdiction,
		String report, String caseId, String taskId, String link, int level, int loop, Instant dueAt, boolean stopped,
		String stoppedBy, Instant stoppedAt, Instant createdAt) {

	static final String COLLECTION = "escalations";
}
