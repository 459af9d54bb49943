package io.shouhu.notification;

import java.time.Instant;

/**
 * What happened to one push to one phone.
 * @param device the device id
 * @param attempt the alert's attempt this belongs to
 * @param outcome {@code delivered}, {@code retired}, {@code retry} or {@code rejected}
 * @param code FCM's error code when it failed, e.g. {@code UNREGISTERED}
 */
public record DeviceOutcome(String device, int attempt, String outcome, String code, Instant at) {

	static final String DELIVERED = "delivered";

	static final String RETIRED = "retired";

	static final String RETRY = "retry";

	static final String REJECTED = "rejected";
}
