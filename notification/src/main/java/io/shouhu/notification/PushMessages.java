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

	/** Delivered when the phone sees fit (power saving): for what is not urgent. */
	static final String APNS_PRIORITY_NORMAL = "5";

	/** Critical and high alerts wake the phone; normal ones may wait for it. */
	static boolean urgent(AlertDocument alert) {
		return AlertDocument.CRITICAL.equals(alert.priority()) || AlertDocument.HIGH.equals(alert.priority());
	}

	private PushMessages() {
	}

	static Map<String, String> data(AlertDocument alert) {
		Map<String, String> data = new java.util.LinkedHashMap<>();
		data.put("type", alert.type());
		data.put("alertId", alert.id());
		if (alert.report() != null) {
			data.put("reportId", alert.report());
		}
		if (alert.caseId() != null) {
			data.put("caseId", alert.caseId());
		}
		if (alert.taskId() != null) {
			data.put("taskId", alert.taskId());
		}
		data.put("priority", alert.priority());
		data.put("link", alert.link());
		return data;
	}

	/** Reminders of one task replace each other on the phone instead of piling up; {@code null} for the rest. */
	static String collapseKey(AlertDocument alert) {
		return TaskReminders.DUE_SOON.equals(alert.type()) || TaskReminders.OVERDUE.equals(alert.type())
				? "task-" + alert.taskId() : null;
	}

	static Message forDevice(AlertDocument alert, String token) {
		String collapse = collapseKey(alert);
		AndroidConfig.Builder android = AndroidConfig.builder()
			.setPriority(urgent(alert) ? AndroidConfig.Priority.HIGH : AndroidConfig.Priority.NORMAL);
		ApnsConfig.Builder apns = ApnsConfig.builder()
			.putHeader("apns-priority", urgent(alert) ? APNS_PRIORITY_IMMEDIATE : APNS_PRIORITY_NORMAL)
			.setAps(Aps.builder().setContentAvailable(true).build());
		if (collapse != null) {
			android.setCollapseKey(collapse);
			apns.putHeader("apns-collapse-id", collapse);
		}
		return Message.builder()
			.setToken(token)
			.putAllData(data(alert))
			.setAndroidConfig(android.build())
			.setApnsConfig(apns.build())
			.build();
	}
}
