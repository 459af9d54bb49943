package io.shouhu.notification;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * A stand-in for Firebase Cloud Messaging (HTTP v1) and Google's OAuth token endpoint, for tests that
 * drive the real Firebase Admin SDK. Self-contained: needs only WireMock and the JDK, so it can be
 * copied into another module's tests as it is.
 *
 * <pre>
 * try (FcmStub fcm = FcmStub.start()) {
 *     Path credentials = fcm.writeServiceAccount(tempDir);
 *     // shouhu.notification.fcm.credentials-file = credentials
 *     // shouhu.notification.fcm.endpoint         = fcm.endpoint()
 *     fcm.unregistered("token-of-an-uninstalled-app");
 *     ... send ...
 *     fcm.sentBodies();   // the JSON bodies the SDK posted to messages:send
 * }
 * </pre>
 *
 * Every send is answered {@code 200 {"name":"projects/<project>/messages/1"}} unless a token was given
 * another answer with {@link #unregistered}, {@link #unavailable}, {@link #quotaExceeded} or
 * {@link #answer}.
 */
public final class FcmStub implements AutoCloseable {

	/** The Firebase project of the service account written by {@link #writeServiceAccount}. */
	public static final String PROJECT = "shouhu-test";

	/** The path the SDK posts every message to. */
	public static final String SEND_PATH = "/v1/projects/" + PROJECT + "/messages:send";

	private final WireMockServer server;

	private FcmStub(WireMockServer server) {
		this.server = server;
	}

	/** Starts the stub on a free port of 127.0.0.1 with the token endpoint and accepting every send. */
	public static FcmStub start() {
		WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		server.start();
		FcmStub stub = new FcmStub(server);
		stub.reset();
		return stub;
	}

	/** The base URL to use as {@code shouhu.notification.fcm.endpoint}. */
	public String endpoint() {
		return "http://127.0.0.1:" + server.port();
	}

	/** The {@code token_uri} of the service account: where the SDK fetches its access token. */
	public String tokenUri() {
		return endpoint() + "/token";
	}

	public WireMockServer server() {
		return server;
	}

	/** Forgets the requests and per-token answers; the token endpoint and accepting every send stay. */
	public void reset() {
		server.resetAll();
		server.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"access_token\":\"t\",\"expires_in\":3600,\"token_type\":\"Bearer\"}")));
		server.stubFor(post(urlPathEqualTo(SEND_PATH)).atPriority(10)
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"name\":\"projects/" + PROJECT + "/messages/1\"}")));
	}

	/**
	 * Writes a service-account JSON with a fresh RSA key whose {@code token_uri} is this stub.
	 * @return the file, {@code service-account.json} in {@code dir}
	 */
	public Path writeServiceAccount(Path dir) {
		String json = "{\n" + "  \"type\": \"service_account\",\n" + "  \"project_id\": \"" + PROJECT + "\",\n"
				+ "  \"private_key_id\": \"stub-key-1\",\n" + "  \"private_key\": \"" + pem(newKey()).replace("\n", "\\n")
				+ "\",\n" + "  \"client_email\": \"push@" + PROJECT + ".iam.gserviceaccount.com\",\n"
				+ "  \"client_id\": \"100000000000000000001\",\n"
				+ "  \"auth_uri\": \"https://accounts.google.com/o/oauth2/auth\",\n" + "  \"token_uri\": \""
				+ tokenUri() + "\"\n" + "}\n";
		try {
			Files.createDirectories(dir);
			return Files.writeString(dir.resolve("service-account.json"), json, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Sends to {@code token} get FCM's answer for an uninstalled app: 404 {@code UNREGISTERED}. */
	public void unregistered(String token) {
		answer(token, 404, fcmError(404, "NOT_FOUND", "UNREGISTERED"));
	}

	/**
	 * Sends to {@code token} get 503 without FCM error detail, as real FCM answers when overloaded, with
	 * {@code Retry-After: 1}. The SDK retries a 503 four times (five requests, about 4 s here), then
	 * throws with {@code getErrorCode() == UNAVAILABLE} and no messaging error code.
	 */
	public void unavailable(String token) {
		unavailable(token, 1);
	}

	/**
	 * Sends to {@code token} get 503 with this {@code Retry-After}. The SDK sleeps that long between its
	 * retries; 0 makes it fall back to its own backoff (0.5, 1, 2, 4 s), and more than its maximum
	 * interval makes it give up after the first request.
	 */
	public void unavailable(String token, int retryAfterSeconds) {
		server.stubFor(post(urlPathEqualTo(SEND_PATH)).atPriority(1)
			.withRequestBody(matchingJsonPath("$.message.token", equalTo(token)))
			.willReturn(aResponse().withStatus(503)
				.withHeader("Content-Type", "application/json")
				.withHeader("Retry-After", Integer.toString(retryAfterSeconds))
				.withBody("{\"error\":{\"code\":503,\"message\":\"The service is currently unavailable.\","
						+ "\"status\":\"UNAVAILABLE\"}}")));
	}

	/** Sends to {@code token} get 429 {@code QUOTA_EXCEEDED} (the SDK does not retry it). */
	public void quotaExceeded(String token) {
		answer(token, 429, fcmError(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED"));
	}

	/** Sends to {@code token} get this status and JSON body. */
	public void answer(String token, int status, String body) {
		server.stubFor(post(urlPathEqualTo(SEND_PATH)).atPriority(1)
			.withRequestBody(matchingJsonPath("$.message.token", equalTo(token)))
			.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
	}

	/** An FCM v1 error body with an {@code FcmError} detail, e.g. {@code (404, "NOT_FOUND", "UNREGISTERED")}. */
	public static String fcmError(int code, String status, String errorCode) {
		return "{\"error\":{\"code\":" + code + ",\"message\":\"stub\",\"status\":\"" + status
				+ "\",\"details\":[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\","
				+ "\"errorCode\":\"" + errorCode + "\"}]}}";
	}

	/** The JSON bodies posted to messages:send, in the order received (retries included). */
	public List<String> sentBodies() {
		return server.findAll(postRequestedFor(urlPathEqualTo(SEND_PATH)))
			.stream()
			.map(LoggedRequest::getBodyAsString)
			.toList();
	}

	/** The JSON bodies posted to messages:send for one token. */
	public List<String> sentBodies(String token) {
		return server
			.findAll(postRequestedFor(urlPathEqualTo(SEND_PATH))
				.withRequestBody(matchingJsonPath("$.message.token", equalTo(token))))
			.stream()
			.map(LoggedRequest::getBodyAsString)
			.toList();
	}

	/** How many access tokens the SDK fetched. */
	public int tokenRequests() {
		return server.findAll(postRequestedFor(urlPathEqualTo("/token"))).size();
	}

	@Override
	public void close() {
		server.stop();
	}

	private static PrivateKey newKey() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair().getPrivate();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String pem(PrivateKey key) {
		// getEncoded() of a JDK RSA private key is PKCS#8, which is what service-account JSON holds.
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(key.getEncoded());
		return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
	}
}
