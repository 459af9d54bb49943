package io.shouhu.notification;

import java.time.Instant;

/**
 * A phone registered for push by a member of staff. The push token is deliberately not part of it: it
 * never leaves this module.
 * @param id the device id returned by {@link Devices#register}
 * @param appVersion as reported by the app, may be {@code null}
 * @param locale as reported by the app (BCP 47), may be {@code null}
 */
public record Device(String id, Platform platform, String appVersion, String locale, Instant registeredAt,
		Instant lastSeenAt) {
}
