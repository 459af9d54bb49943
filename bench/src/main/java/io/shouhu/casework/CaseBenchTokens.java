package io.shouhu.casework;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * A member of staff's access token from the demo identity provider, the way the app gets one: the
 * authorization-code flow with PKCE (authorization request as a browser, sign-in page with its CSRF
 * token and session cookie, sign-in, back to the authorization endpoint, code exchange), as
 * {@code io.shouhu.identity.DemoTokens#userToken} does with REST Assured. Tokens are kept and fetched
 * again a minute before they expire.
 */
final class CaseBenchTokens {

	static final String APP_CLIENT = "shouhu-app";

	static final String APP_REDIRECT_URI = "http://127.0.0.1/callback";

	static final String PASSWORD = "demo";

	private static final Pattern CSRF_FIELD = Pattern.compile(
			"<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"|<input[^>]*value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

	private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]+)");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final HttpClient http;

	private final String base;

	private final Map<String, Held> held = new ConcurrentHashMap<>();

	private record Held(String token, long expiresAtNanos) {
	}

	/** A step of the flow that did not answer as expected. */
	static final class Refused extends RuntimeException {

		final int status;

		Refused(String step, int status, String detail) {
			super(step + ": HTTP " + status + " " + detail);
			this.status = status;
		}
	}

	CaseBenchTokens(HttpClient http, String baseUrl) {
		this.http = http;
		this.base = baseUrl;
	}

	/** The user's current token, fetched when there is none or it expires within a minute. */
	String token(String user) throws IOException, InterruptedException {
		Held h = held.get(user);
		if (h == null || System.nanoTime() > h.expiresAtNanos) {
			synchronized (this) {
				h = held.get(user);
				if (h == null || System.nanoTime() > h.expiresAtNanos) {
					h = fetch(user);
					held.put(user, h);
				}
			}
		}
		return h.token;
	}

	private Held fetch(String user) throws IOException, InterruptedException {
		String verifier = base64Url(randomBytes(32));
		String code = authorizationCode(user, challenge(verifier));
		HttpResponse<String> token = http.send(form(base + "/oauth2/token", null,
				Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", APP_REDIRECT_URI, "client_id",
						APP_CLIENT, "code_verifier", verifier)),
				HttpResponse.BodyHandlers.ofString());
		if (token.statusCode() != 200) {
			throw new Refused("code exchange", token.statusCode(), token.body());
		}
		try {
			Map<String, Object> json = JSONObjectUtils.parse(token.body());
			long expiresIn = json.get("expires_in") instanceof Number n ? n.longValue() : 300;
			return new Held(String.valueOf(json.get("access_token")),
					System.nanoTime() + Duration.ofSeconds(Math.max(30, expiresIn - 60)).toNanos());
		}
		catch (java.text.ParseException ex) {
			throw new IOException("token response is not JSON: " + token.body(), ex);
		}
	}

	private String authorizationCode(String user, String challenge) throws IOException, InterruptedException {
		String state = UUID.randomUUID().toString();
		String authorize = base + "/oauth2/authorize?" + query(Map.of("response_type", "code", "client_id", APP_CLIENT,
				"redirect_uri", APP_REDIRECT_URI, "scope", "openid profile", "state", state, "code_challenge", challenge,
				"code_challenge_method", "S256"));
		HttpResponse<String> first = http.send(get(authorize, null), HttpResponse.BodyHandlers.ofString());
		expectRedirect(first, "/login", "authorization request");
		String session = session(first, null);

		HttpResponse<String> page = http.send(get(base + "/login", session), HttpResponse.BodyHandlers.ofString());
		if (page.statusCode() != 200) {
			throw new Refused("sign-in page", page.statusCode(), "");
		}
		session = session(page, session);
		Matcher csrf = CSRF_FIELD.matcher(page.body());
		if (!csrf.find()) {
			throw new Refused("sign-in page", page.statusCode(), "no CSRF token");
		}
		String csrfToken = csrf.group(1) != null ? csrf.group(1) : csrf.group(2);

		HttpResponse<String> login = http.send(
				form(base + "/login", session, Map.of("username", user, "password", PASSWORD, "_csrf", csrfToken)),
				HttpResponse.BodyHandlers.ofString());
		expectRedirect(login, "/oauth2/authorize", "sign-in of " + user);
		session = session(login, session);
		String location = login.headers().firstValue("Location").orElseThrow();

		HttpResponse<String> resumed = http.send(get(location.startsWith("/") ? base + location : location, session),
				HttpResponse.BodyHandlers.ofString());
		expectRedirect(resumed, APP_REDIRECT_URI, "authorization after sign-in");
		Map<String, String> callback = queryOf(resumed.headers().firstValue("Location").orElseThrow());
		if (!state.equals(callback.get("state")) || callback.get("code") == null) {
			throw new Refused("callback", resumed.statusCode(), "no code or another state");
		}
		return callback.get("code");
	}

	private static HttpRequest get(String url, String session) {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "text/html");
		if (session != null) {
			b.header("Cookie", "JSESSIONID=" + session);
		}
		return b.GET().build();
	}

	private static HttpRequest form(String url, String session, Map<String, String> fields) {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html,application/json");
		if (session != null) {
			b.header("Cookie", "JSESSIONID=" + session);
		}
		return b.POST(HttpRequest.BodyPublishers.ofString(query(fields))).build();
	}

	private static String query(Map<String, String> fields) {
		StringBuilder out = new StringBuilder();
		for (Map.Entry<String, String> e : new LinkedHashMap<>(fields).entrySet()) {
			if (out.length() > 0) {
				out.append('&');
			}
			out.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
		}
		return out.toString();
	}

	private static void expectRedirect(HttpResponse<String> response, String part, String step) {
		String location = response.headers().firstValue("Location").orElse(null);
		if (response.statusCode() != 302 || location == null || !location.contains(part)) {
			throw new Refused(step, response.statusCode(), "expected a redirect to " + part + ", got Location="
					+ location);
		}
	}

	private static String session(HttpResponse<?> response, String current) {
		for (String cookie : response.headers().allValues("Set-Cookie")) {
			Matcher m = SESSION.matcher(cookie);
			if (m.find()) {
				return m.group(1);
			}
		}
		return current;
	}

	private static Map<String, String> queryOf(String url) {
		Map<String, String> query = new LinkedHashMap<>();
		int start = url.indexOf('?');
		if (start < 0) {
			return query;
		}
		for (String pair : url.substring(start + 1).split("&")) {
			int eq = pair.indexOf('=');
			query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
					URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return query;
	}

	private static String challenge(String verifier) {
		try {
			return base64Url(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] randomBytes(int n) {
		byte[] bytes = new byte[n];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

	private static String base64Url(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}
}
