package io.shouhu.identity;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import static io.restassured.RestAssured.given;

/**
 * Gets tokens from the demo identity provider the way its real clients do, for tests: a hospital's
 * SMART Backend Services token (client assertion signed with the hospital's private key from
 * {@code docs/demo/keys}, no {@code client_id}) and a member of staff's token from the
 * authorization-code flow with PKCE (sign-in page, CSRF token, session cookie, code exchange), as the
 * app does it. Every method fails with an {@link AssertionError} naming the step that went wrong.
 */
public final class DemoTokens {

	/** The app's client id. */
	public static final String APP_CLIENT = "shouhu-app";

	/** The app's loopback redirect URI. */
	public static final String APP_REDIRECT_URI = "http://127.0.0.1/callback";

	/** {@code client_assertion_type} of a JWT client assertion. */
	public static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	private static final String SESSION_COOKIE = "JSESSIONID";

	private static final Pattern CSRF_FIELD = Pattern.compile(
			"<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"|<input[^>]*value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Map<String, RSAKey> KEYS = new java.util.concurrent.ConcurrentHashMap<>();

	private DemoTokens() {
	}

	/**
	 * The token endpoint: the argument itself if it already is one (e.g. the {@code token_endpoint}
	 * of the SMART configuration), else the server's base URL + {@code /oauth2/token}.
	 */
	public static String tokenEndpoint(String baseUrlOrTokenEndpoint) {
		if (baseUrlOrTokenEndpoint.contains("/oauth2/token")) {
			return baseUrlOrTokenEndpoint;
		}
		return stripSlash(baseUrlOrTokenEndpoint) + "/oauth2/token";
	}

	/**
	 * A hospital's access token with its default scopes. Takes the server's base URL or the token
	 * endpoint URL.
	 */
	public static String hospitalToken(String baseUrlOrTokenEndpoint, String hospitalId) {
		return hospitalToken(baseUrlOrTokenEndpoint, hospitalId, null);
	}

	/** A hospital's access token for these space-separated scopes ({@code null}: the defaults). */
	public static String hospitalToken(String baseUrlOrTokenEndpoint, String hospitalId, String scope) {
		String tokenEndpoint = tokenEndpoint(baseUrlOrTokenEndpoint);
		Response response = requestHospitalToken(tokenEndpoint, clientAssertion(tokenEndpoint, hospitalId), scope,
				false);
		return accessToken(response, "hospital token for " + hospitalId);
	}

	/**
	 * Posts a client-credentials request with this assertion, optionally also naming the client in
	 * {@code client_id} (SMART clients do not). Returns the raw response.
	 */
	public static Response requestHospitalToken(String tokenEndpoint, String assertion, String scope,
			boolean sendClientId) {
		var request = given().redirects()
			.follow(false)
			.contentType(ContentType.URLENC)
			.formParam("grant_type", "client_credentials")
			.formParam("client_assertion_type", JWT_BEARER)
			.formParam("client_assertion", assertion);
		if (scope != null) {
			request.formParam("scope", scope);
		}
		if (sendClientId) {
			request.formParam("client_id", issuerOf(assertion));
		}
		return request.post(tokenEndpoint);
	}

	/**
	 * A SMART client assertion for the hospital: RS384 with its own key ({@code kid} = hospital id),
	 * {@code iss} = {@code sub} = hospital id, {@code aud} = the token endpoint, a fresh {@code jti},
	 * four minutes to {@code exp}.
	 */
	public static String clientAssertion(String tokenEndpoint, String hospitalId) {
		return clientAssertion(tokenEndpoint, hospitalId, hospitalId, claims -> {
		});
	}

	/**
	 * A client assertion naming {@code hospitalId}, signed with the key of {@code signingHospitalId},
	 * its claims adjusted by {@code adjust} (e.g. {@code claims -> claims.jwtID(null)}).
	 */
	public static String clientAssertion(String tokenEndpoint, String hospitalId, String signingHospitalId,
			Consumer<JWTClaimsSet.Builder> adjust) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(hospitalId)
			.subject(hospitalId)
			.audience(tokenEndpoint)
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(4))));
		adjust.accept(claims);
		RSAKey key = privateKey(signingHospitalId);
		return sign(key, key.getKeyID(), claims.build());
	}

	/** Signs claims with RS384 and this key, under any {@code kid}. */
	public static String sign(RSAKey key, String kid, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.RS384).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new AssertionError("cannot sign a client assertion", ex);
		}
	}

	/** A demo hospital's private key, from {@code docs/demo/keys/<hospital>.private.jwk.json}. */
	public static RSAKey privateKey(String hospitalId) {
		return KEYS.computeIfAbsent(hospitalId, id -> {
			Path file = keysDirectory().resolve(id + ".private.jwk.json");
			try {
				return JWK.parse(Files.readString(file)).toRSAKey();
			}
			catch (java.io.IOException | ParseException ex) {
				throw new AssertionError("cannot read the demo key " + file, ex);
			}
		});
	}

	/** A member of staff's access token, from the authorization-code flow with PKCE. */
	public static String userToken(String baseUrl, String username) {
		return String.valueOf(userTokenResponse(baseUrl, username).get("access_token"));
	}

	/**
	 * The whole token response ({@code access_token}, {@code refresh_token}, {@code id_token}, ...)
	 * for a demo account, signing in with the demo password.
	 */
	public static Map<String, Object> userTokenResponse(String baseUrl, String username) {
		return userTokenResponse(baseUrl, username, DemoUsers.PASSWORD);
	}

	/** As {@link #userTokenResponse(String, String)} with any password. */
	public static Map<String, Object> userTokenResponse(String baseUrl, String username, String password) {
		String base = stripSlash(baseUrl);
		String verifier = base64Url(randomBytes(32));
		String code = authorizationCode(base, username, password, codeChallenge(verifier));
		Response token = given().redirects()
			.follow(false)
			.contentType(ContentType.URLENC)
			.formParam("grant_type", "authorization_code")
			.formParam("code", code)
			.formParam("redirect_uri", APP_REDIRECT_URI)
			.formParam("client_id", APP_CLIENT)
			.formParam("code_verifier", verifier)
			.post(base + "/oauth2/token");
		expectStatus(token, 200, "code exchange");
		return token.jsonPath().getMap("$");
	}

	/** Exchanges the app's refresh token for new tokens. Returns the raw response. */
	public static Response refresh(String baseUrl, String refreshToken) {
		return given().redirects()
			.follow(false)
			.contentType(ContentType.URLENC)
			.formParam("grant_type", "refresh_token")
			.formParam("refresh_token", refreshToken)
			.formParam("client_id", APP_CLIENT)
			.post(stripSlash(baseUrl) + "/oauth2/token");
	}

	/** The claims of a JWT, unverified. */
	public static JWTClaimsSet claims(String jwt) {
		try {
			return SignedJWT.parse(jwt).getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw new AssertionError("not a JWT", ex);
		}
	}

	/** The PKCE S256 challenge of a verifier. */
	public static String codeChallenge(String verifier) {
		try {
			return base64Url(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Signs in through the browser flow and returns the authorization code: authorization request
	 * (as a browser, so it is sent to the sign-in page), sign-in page (session and CSRF token), sign
	 * in, back to the authorization endpoint, which redirects to the app with the code.
	 */
	private static String authorizationCode(String base, String username, String password, String challenge) {
		String state = UUID.randomUUID().toString();
		Response authorize = given().redirects()
			.follow(false)
			.accept(ContentType.HTML)
			.queryParam("response_type", "code")
			.queryParam("client_id", APP_CLIENT)
			.queryParam("redirect_uri", APP_REDIRECT_URI)
			.queryParam("scope", "openid profile")
			.queryParam("state", state)
			.queryParam("code_challenge", challenge)
			.queryParam("code_challenge_method", "S256")
			.get(base + "/oauth2/authorize");
		expectRedirect(authorize, "/login", "authorization request");
		String session = sessionOf(authorize, null);

		Response loginPage = given().redirects()
			.follow(false)
			.accept(ContentType.HTML)
			.cookie(SESSION_COOKIE, session)
			.get(base + "/login");
		expectStatus(loginPage, 200, "sign-in page");
		session = sessionOf(loginPage, session);
		Matcher csrf = CSRF_FIELD.matcher(loginPage.asString());
		if (!csrf.find()) {
			throw new AssertionError("no CSRF token on the sign-in page");
		}
		String csrfToken = csrf.group(1) != null ? csrf.group(1) : csrf.group(2);

		Response login = given().redirects()
			.follow(false)
			.accept(ContentType.HTML)
			.cookie(SESSION_COOKIE, session)
			.contentType(ContentType.URLENC)
			.formParam("username", username)
			.formParam("password", password)
			.formParam("_csrf", csrfToken)
			.post(base + "/login");
		expectRedirect(login, "/oauth2/authorize", "sign-in of " + username);
		session = sessionOf(login, session);

		Response resumed = given().redirects()
			.follow(false)
			.urlEncodingEnabled(false)
			.accept(ContentType.HTML)
			.cookie(SESSION_COOKIE, session)
			.get(absolute(base, login.getHeader("Location")));
		expectRedirect(resumed, APP_REDIRECT_URI, "authorization after sign-in");
		Map<String, String> callback = queryOf(resumed.getHeader("Location"));
		if (!state.equals(callback.get("state")) || callback.get("code") == null) {
			throw new AssertionError("callback without the code or with another state: " + resumed.getHeader("Location"));
		}
		return callback.get("code");
	}

	private static String accessToken(Response response, String what) {
		expectStatus(response, 200, what);
		return response.jsonPath().getString("access_token");
	}

	private static String issuerOf(String assertion) {
		return claims(assertion).getIssuer();
	}

	private static void expectStatus(Response response, int status, String step) {
		if (response.statusCode() != status) {
			throw new AssertionError(step + ": HTTP " + response.statusCode() + " " + response.asString());
		}
	}

	private static void expectRedirect(Response response, String locationPart, String step) {
		String location = response.getHeader("Location");
		if (response.statusCode() != 302 || location == null || !location.contains(locationPart)) {
			throw new AssertionError(step + ": expected a redirect to " + locationPart + ", got HTTP "
					+ response.statusCode() + " Location=" + location);
		}
	}

	private static String sessionOf(Response response, String current) {
		String renewed = response.getCookie(SESSION_COOKIE);
		return renewed != null ? renewed : current;
	}

	private static String absolute(String base, String location) {
		return location.startsWith("/") ? base + location : location;
	}

	private static Map<String, String> queryOf(String url) {
		Map<String, String> query = new LinkedHashMap<>();
		int start = url.indexOf('?');
		if (start < 0) {
			return query;
		}
		for (String pair : url.substring(start + 1).split("&")) {
			int eq = pair.indexOf('=');
			String name = eq < 0 ? pair : pair.substring(0, eq);
			String value = eq < 0 ? "" : pair.substring(eq + 1);
			query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return query;
	}

	/**
	 * {@code docs/demo/keys} of the checkout: Maven runs the server's tests in {@code server/}, an
	 * IDE may run them at the root; {@code -Dshouhu.demo.keys=...} overrides.
	 */
	private static Path keysDirectory() {
		String configured = System.getProperty("shouhu.demo.keys");
		if (configured != null) {
			return Path.of(configured);
		}
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path keys = dir.resolve("docs/demo/keys");
			if (Files.isDirectory(keys)) {
				return keys;
			}
		}
		throw new AssertionError("docs/demo/keys not found above " + Path.of("").toAbsolutePath());
	}

	private static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

	private static String base64Url(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String stripSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}
}
