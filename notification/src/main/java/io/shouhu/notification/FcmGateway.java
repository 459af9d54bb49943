package io.shouhu.notification;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.messaging.BatchResponse;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The connection to Firebase Cloud Messaging, or its absence when no credentials are configured. Uses
 * an app of its own name, not the SDK's default app, so several application contexts in one JVM (tests,
 * or two instances side by side) each have their own and delete it on shutdown.
 */
final class FcmGateway implements DisposableBean {

	/** FCM's limit of messages for one {@code sendEach}. */
	static final int MAX_BATCH = 500;

	private static final Logger log = LoggerFactory.getLogger(FcmGateway.class);

	private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

	private static final int READ_TIMEOUT_MILLIS = 20_000;

	private final FirebaseApp app;

	private final FirebaseMessaging messaging;

	private FcmGateway(FirebaseApp app) {
		this.app = app;
		this.messaging = app == null ? null : FirebaseMessaging.getInstance(app);
	}

	/** Connects with the configured credentials, or returns a gateway with push off when there are none. */
	static FcmGateway start(FcmProperties properties) {
		if (properties.credentialsFile() == null) {
			log.warn("push is off: no shouhu.notification.fcm.credentials-file is set; alerts are recorded for"
					+ " the inbox only");
			return new FcmGateway(null);
		}
		FirebaseOptions.Builder options = FirebaseOptions.builder()
			.setCredentials(credentials(Path.of(properties.credentialsFile())))
			.setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
			.setReadTimeout(READ_TIMEOUT_MILLIS);
		URI endpoint = endpoint(properties.endpoint());
		if (!URI.create(FcmProperties.DEFAULT_ENDPOINT).equals(endpoint)) {
			options.setHttpTransport(
					new NetHttpTransport.Builder().setConnectionFactory(new RedirectingConnectionFactory(endpoint))
						.build());
		}
		FirebaseApp app = FirebaseApp.initializeApp(options.build(), "shouhu-notification-" + UUID.randomUUID());
		FcmGateway gateway = new FcmGateway(app);
		log.info("push is on: FCM at {}", endpoint);
		return gateway;
	}

	private static GoogleCredentials credentials(Path file) {
		// A configured file that cannot be read is a broken deployment, not a choice to run without push.
		try (InputStream in = Files.newInputStream(file)) {
			return GoogleCredentials.fromStream(in);
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("shouhu.notification.fcm.credentials-file " + file
					+ " is not a readable service-account JSON: " + ex.getClass().getSimpleName(), ex);
		}
	}

	private static URI endpoint(String value) {
		URI uri;
		try {
			uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("shouhu.notification.fcm.endpoint is not a URL", ex);
		}
		if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
				|| uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw new IllegalStateException("shouhu.notification.fcm.endpoint must be an http(s) base URL");
		}
		return uri;
	}

	boolean pushOn() {
		return messaging != null;
	}

	/**
	 * Sends each message as its own request (the SDK runs them concurrently). Failures of single messages
	 * come back in the response; an exception means none was attempted.
	 */
	BatchResponse sendEach(List<Message> messages) throws FirebaseMessagingException {
		if (messaging == null) {
			throw new IllegalStateException("push is off");
		}
		if (messages.isEmpty() || messages.size() > MAX_BATCH) {
			throw new IllegalArgumentException("1 to " + MAX_BATCH + " messages per batch");
		}
		return messaging.sendEach(messages);
	}

	@Override
	public void destroy() {
		if (app != null) {
			app.delete();
		}
	}
}
