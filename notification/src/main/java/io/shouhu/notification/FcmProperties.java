package io.shouhu.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where push goes through.
 * @param credentialsFile a Firebase service-account JSON; without it push is off and alerts reach the
 * inbox only. Its {@code token_uri} is where the access token is fetched.
 * @param endpoint the FCM base URL; anything but {@value #DEFAULT_ENDPOINT} (e.g. a local stub) gets the
 * SDK's calls to fcm.googleapis.com redirected there
 */
@ConfigurationProperties("shouhu.notification.fcm")
record FcmProperties(String credentialsFile, String endpoint) {

	static final String DEFAULT_ENDPOINT = "https://fcm.googleapis.com";

	FcmProperties {
		credentialsFile = credentialsFile == null || credentialsFile.isBlank() ? null : credentialsFile.strip();
		endpoint = endpoint == null || endpoint.isBlank() ? DEFAULT_ENDPOINT : endpoint.strip();
	}
}
