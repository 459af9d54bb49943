package io.shouhu.notification;

import java.time.Instant;
import java.util.List;

/**
 * An alert whose push gave up: still in its recipient's inbox, shown to an administrator so that
 * someone calls the person instead.
 * @param attempts how many times its push was tried
 * @param deliveries what each phone answered, per attempt
 */
public record FailedAlert(String id, String type, String priority, String recipient, String reportId,
		Instant createdAt, boolean read, boolean acknowledged, int attempts, List<DeviceOutcome> deliveries) {
}
