package io.shouhu.notification;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;

import com.google.api.client.http.javanet.ConnectionFactory;
import com.google.api.client.http.javanet.DefaultConnectionFactory;

/**
 * Sends the SDK's requests for fcm.googleapis.com to another base URL (a stub or a relay), since the
 * Firebase Admin SDK has no option for the FCM endpoint. Other hosts pass unchanged.
 */
final class RedirectingConnectionFactory implements ConnectionFactory {

	static final String FCM_HOST = "fcm.googleapis.com";

	private final String base;

	private final ConnectionFactory delegate = new DefaultConnectionFactory();

	RedirectingConnectionFactory(URI target) {
		String path = target.getRawPath() == null ? "" : target.getRawPath();
		this.base = target.getScheme() + "://" + target.getRawAuthority()
				+ (path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
	}

	@Override
	public HttpURLConnection openConnection(URL url) throws IOException {
		return delegate.openConnection(redirect(url));
	}

	URL redirect(URL url) throws IOException {
		if (!FCM_HOST.equalsIgnoreCase(url.getHost())) {
			return url;
		}
		return URI.create(base + url.getFile()).toURL();
	}
}
