package io.shouhu.notification;

import java.time.Instant;

/**
 * One entry of a member of staff's inbox.
 * @param id the alert id, also sent in the push as {@code alertId}
 * @param type what happened, e.g. {@code report-received}
 * @param priority {@code critical}, {@code high} or {@code normal}
 * @param reportId the report it is about, or {@code null}
 * @param caseId the case it is about, or {@code null}
 * @param taskId the task it is about, or {@code null}
 * @param link where the app opens it, e.g. {@code shouhu://reports/{reportId}}
 * @param delivery where its push stands: {@code pending}, {@code sending}, {@code sent}, {@code failed},
 * or {@code no-device}
 */
public record InboxAlert(String id, String type, String priority, String reportId, String caseId, String taskId,
		String link, Instant createdAt,
		boolean read, boolean acknowledged, String delivery) {
}
