package io.shouhu.notification;

import java.util.Map;

import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.ApnsConfig;
import com.google.firebase.messaging.Aps;
import com.google.firebase.messaging.Message;

/**
 * The push for an alert. Data only, and only ids, codes and a link: FCM and the phone makers' push
 * services see every payload, so nothing about the child, the situation, or the reporter goes in;
 * the app fetches the report itself over the authenticated API.
 */
final class PushMessages {

	static final String APNS_PRIORITY_IMMEDIATE = "10";

	private PushMessages() {
	}

	static Map<String, String> data(AlertDocument alert) {
		return Map.of("type", alert.type(), "alertId", alert.id(), "reportId", alert.report(), "priority",
				alert.priority(), "link", alert.link());
	}

	static Message forDevice(AlertDocument alert, String token) {
		return Message.builder()
			.setToken(token)
			.putAllData(data(alert))
			.setAndroidConfig(AndroidConfig.builder().setPriority(AndroidConfig.Priority.HIGH).build())
			.setApnsConfig(ApnsConfig.builder()
				.putHeader("apns-priority", APNS_PRIORITY_IMMEDIATE)
				.setAps(Aps.builder().setContentAvailable(true).build())
				.build())
			.build();
	}
}
