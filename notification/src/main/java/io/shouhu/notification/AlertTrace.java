package io.shouhu.notification;

import java.time.Instant;
import java.util.List;

/**
 * One alert as an administrator traces it: what caused it (type and the ids of its report, case or
 * task), who got it, where its push stands, and what each phone answered to each attempt.
 * @param delivery {@code pending}, {@code sending}, {@code sent}, {@code failed}, {@code no-device} or
 * {@code digested}
 * @param escalation the escalation chain it belongs to, or {@code null}
 */
public record AlertTrace(String id, String type, String priority, String recipient, String reportId, String caseId,
		String taskId, Instant createdAt, boolean read, boolean acknowledged, Instant acknowledgedAt, String delivery,
		int attempts, Instant pushedAt, List<DeviceOutcome> deliveries, String escalation) {

	static AlertTrace of(AlertDocument a) {
		return new AlertTrace(a.id(), a.type(), a.priority(), a.recipient(), a.report(), a.caseId(), a.taskId(),
				a.createdAt(), a.read(), a.acknowledged(), a.acknowledgedAt(), a.pushState().code(), a.attempts(),
				a.pushedAt(), a.deliveries(), a.escalation());
	}
}
