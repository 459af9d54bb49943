package io.shouhu.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * SMART Backend Services tokens of the demo hospitals, as a HIS gets them: a client assertion signed
 * RS384 with {@code docs/demo/keys/hospital-NN.private.jwk.json}, a fresh {@code jti} every time (each
 * is single-use), {@code aud} = the token endpoint, no {@code client_id}. Tokens live 5 minutes; a
 * background task renews every token with less than two minutes left, so the load never waits for one.
 */
final class HospitalTokens implements AutoCloseable {

	static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	private static final Duration RENEW_BEFORE = Duration.ofMinutes(2);

	private final HttpClient http;

	private final Path keys;

	private final Map<String, RSASSASigner> signers = new ConcurrentHashMap<>();

	private final Map<String, String> kids = new ConcurrentHashMap<>();

	private final Map<String, Token> tokens = new ConcurrentHashMap<>();

	private volatile String tokenEndpoint;

	private ScheduledExecutorService renewer;

	private final java.util.concurrent.atomic.AtomicInteger fetched = new java.util.concurrent.atomic.AtomicInteger();

	record Token(String value, Instant expires) {
	}

	HospitalTokens(HttpClient http, Path keys) {
		this.http = http;
		this.keys = keys;
	}

	void tokenEndpoint(String endpoint) {
		this.tokenEndpoint = endpoint;
	}

	String tokenEndpoint() {
		return tokenEndpoint;
	}

	int fetched() {
		return fetched.get();
	}

	/** A valid token for the hospital, fetched now if there is none or it is about to expire. */
	String token(String hospital) throws IOException, InterruptedException {
		Token token = tokens.get(hospital);
		if (token == null || Instant.now().plusSeconds(30).isAfter(token.expires())) {
			synchronized (this) {
				token = tokens.get(hospital);
				if (token == null || Instant.now().plusSeconds(30).isAfter(token.expires())) {
					token = fetch(hospital);
					tokens.put(hospital, token);
				}
			}
		}
		return token.value();
	}

	/** Starts renewing tokens in the background every 20 s. */
	void startRenewing() {
		renewer = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "token-renewer");
			t.setDaemon(true);
			return t;
		});
		renewer.scheduleWithFixedDelay(() -> {
			for (Map.Entry<String, Token> e : tokens.entrySet()) {
				if (Instant.now().plus(RENEW_BEFORE).isAfter(e.getValue().expires())) {
					try {
						Token renewed = fetch(e.getKey());
						tokens.put(e.getKey(), renewed);
					}
					catch (Exception ex) {
						System.err.println("token renewal for " + e.getKey() + " failed: " + ex);
					}
				}
			}
		}, 20, 20, TimeUnit.SECONDS);
	}

	/** Gets a new token with a new assertion; throws {@link TokenRefused} on a non-200 answer. */
	Token fetch(String hospital) throws IOException, InterruptedException {
		String endpoint = tokenEndpoint;
		String form = "grant_type=client_credentials&client_assertion_type=" + encode(JWT_BEARER)
				+ "&client_assertion=" + encode(assertion(endpoint, hospital));
		HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new TokenRefused(hospital, response.statusCode(), response.body());
		}
		try {
			Map<String, Object> json = JSONObjectUtils.parse(response.body());
			Object expiresIn = json.get("expires_in");
			long seconds = expiresIn instanceof Number n ? n.longValue() : 300;
			fetched.incrementAndGet();
			return new Token(String.valueOf(json.get("access_token")), Instant.now().plusSeconds(seconds));
		}
		catch (java.text.ParseException ex) {
			throw new IOException("token response is not JSON: " + ex.getMessage());
		}
	}

	/** A SMART client assertion: iss = sub = hospital, aud = token endpoint, fresh jti, exp in 4 minutes. */
	String assertion(String endpoint, String hospital) {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(hospital)
			.subject(hospital)
			.audience(endpoint)
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(4))))
			.build();
		try {
			RSASSASigner signer = signer(hospital);
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID(kids.get(hospital))
				.type(JOSEObjectType.JWT)
				.build(), claims);
			jwt.sign(signer);
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot sign an assertion for " + hospital, ex);
		}
	}

	private RSASSASigner signer(String hospital) {
		return signers.computeIfAbsent(hospital, id -> {
			Path file = keys.resolve(id + ".private.jwk.json");
			try {
				RSAKey key = JWK.parse(Files.readString(file)).toRSAKey();
				kids.put(id, key.getKeyID());
				return new RSASSASigner(key);
			}
			catch (Exception ex) {
				throw new IllegalStateException("cannot read the demo key " + file, ex);
			}
		});
	}

	/** Loads the keys up front (file reads are not part of any measurement). */
	void loadKeys(Iterable<String> hospitals) {
		for (String h : hospitals) {
			signer(h);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		if (renewer != null) {
			renewer.shutdownNow();
		}
	}

	static final class TokenRefused extends IOException {

		final int status;

		TokenRefused(String hospital, int status, String body) {
			super("token request for " + hospital + ": HTTP " + status + " "
					+ (body.length() > 300 ? body.substring(0, 300) : body));
			this.status = status;
		}
	}
}
