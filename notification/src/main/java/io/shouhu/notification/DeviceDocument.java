package io.shouhu.notification;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A registered phone as stored; ids are plain strings so no store conversions are needed. */
@Document(DeviceDocument.COLLECTION)
record DeviceDocument(@Id String id, String token, String userId, String platform, String appVersion, String locale,
		boolean active, Instant registeredAt, Instant lastSeenAt, Instant retiredAt, String retiredReason) {

	static final String COLLECTION = "devices";

	Device toDevice() {
		return new Device(id, Platform.ofCode(platform), appVersion, locale, registeredAt, lastSeenAt);
	}

	@Override
	public String toString() {
		// The token identifies a person's phone: keep it out of logs and exception messages.
		return "DeviceDocument[id=" + id + ", platform=" + platform + ", active=" + active + "]";
	}
}
