package io.shouhu.app;

import java.util.UUID;

import io.restassured.response.ValidatableResponse;
import io.shouhu.ShouhuIntegrationTest;
import io.shouhu.identity.DemoTokens;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/** The app's API answers every mistake with a problem+json the app can show, never a 5xx. */
class AppApiIntegrationTests extends ShouhuIntegrationTest {

	static final String PROBLEM = "application/problem+json";

	@Test
	void aPhoneIsRegisteredAndRemoved() {
		String intake = DemoTokens.userToken(baseUrl(), "intake");
		String id = registerDevice(intake, "{\"token\": \"phone-" + UUID.randomUUID()
				+ "\", \"platform\": \"ios\", \"appVersion\": \"1.0.0\", \"locale\": \"zh-CN\"}")
			.statusCode(201)
			.header("Location", startsWith("/api/devices/"))
			.body("id", notNullValue())
			.extract()
			.path("id");

		given().baseUri(baseUrl()).auth().oauth2(intake).delete("/api/devices/{id}", id).then().statusCode(204);
	}

	@Test
	void aRegistrationWithoutTokenOrWithAnUnknownPlatformIsA400Problem() {
		String intake = DemoTokens.userToken(baseUrl(), "intake");
		registerDevice(intake, "{\"platform\": \"android\"}").statusCode(400)
			.contentType(startsWith(PROBLEM))
			.body("type", equalTo("https://shouhu.io/problems/invalid-device"));
		registerDevice(intake, "{\"token\": \"abc\", \"platform\": \"windows-phone\"}").statusCode(400)
			.contentType(startsWith(PROBLEM))
			.body("type", equalTo("https://shouhu.io/problems/invalid-device"));
		registerDevice(intake, "{\"token\": \"has spaces in it\", \"platform\": \"android\"}").statusCode(400)
			.contentType(startsWith(PROBLEM));
		registerDevice(intake, "{\"token\": ").statusCode(400)
			.contentType(startsWith(PROBLEM))
			.body("type", equalTo("https://shouhu.io/problems/malformed-request"));
	}

	@Test
	void aQueryStringThatDoesNotDecodeIsA400ProblemNotA500() throws Exception {
		// HTTP clients refuse to send such a URI: written by hand, as a careless client might.
		try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
			socket.getOutputStream()
				.write(("GET /api/cases?cursor=%%% HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
						+ DemoTokens.userToken(baseUrl(), "prosecutor") + "\r\nConnection: close\r\n\r\n")
					.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

			org.assertj.core.api.Assertions.assertThat(answer)
				.startsWith("HTTP/1.1 400")
				.contains("application/problem+json", "https://shouhu.io/problems/malformed-request");
		}
	}

	@Test
	void withoutATokenTheApiAnswers401Problem() {
		given().baseUri(baseUrl())
			.get("/api/triage")
			.then()
			.statusCode(401)
			.contentType(startsWith(PROBLEM))
			.body("status", equalTo(401));
	}

	@Test
	void aHospitalTokenIsNotAStaffToken() {
		String hospital = DemoTokens.hospitalToken(baseUrl() + "/oauth2/token", "hospital-01");
		given().baseUri(baseUrl())
			.auth()
			.oauth2(hospital)
			.get("/api/triage")
			.then()
			.statusCode(403)
			.contentType(startsWith(PROBLEM));
	}

	@Test
	void socialWorkersDoNotSeeTheTriageQueue() {
		given().baseUri(baseUrl())
			.auth()
			.oauth2(DemoTokens.userToken(baseUrl(), "social-worker"))
			.get("/api/triage")
			.then()
			.statusCode(403)
			.contentType(startsWith(PROBLEM))
			.body("type", equalTo("https://shouhu.io/problems/forbidden"));
	}

	@Test
	void anUnknownOrMalformedReportIdIsA404Problem() {
		String intake = DemoTokens.userToken(baseUrl(), "intake");
		for (String id : new String[] { UUID.randomUUID().toString(), "not-a-report-id!" }) {
			given().baseUri(baseUrl())
				.auth()
				.oauth2(intake)
				.get("/api/reports/" + id)
				.then()
				.statusCode(404)
				.contentType(startsWith(PROBLEM));
		}
	}

	@Test
	void anUnknownRouteOrAWrongMethodIsAProblemToo() {
		String intake = DemoTokens.userToken(baseUrl(), "intake");
		given().baseUri(baseUrl())
			.auth()
			.oauth2(intake)
			.get("/api/no-such-thing")
			.then()
			.statusCode(404)
			.contentType(startsWith(PROBLEM));
		given().baseUri(baseUrl())
			.auth()
			.oauth2(intake)
			.put("/api/triage")
			.then()
			.statusCode(405)
			.contentType(startsWith(PROBLEM));
	}

	private ValidatableResponse registerDevice(String token, String body) {
		return given().baseUri(baseUrl())
			.auth()
			.oauth2(token)
			.contentType("application/json")
			.body(body)
			.post("/api/devices")
			.then();
	}
}
