package io.shouhu.flow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import io.restassured.http.ContentType;
import io.shouhu.ShouhuIntegrationTest;
import io.shouhu.identity.DemoTokens;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * The walking skeleton, end to end through the real libraries: a hospital (HAPI's generic client,
 * SMART Backend Services token) sends a report; it is stored in the embedded store and enters the
 * triage queue; the intake prosecutor's phone gets a push through the Firebase Admin SDK (received by
 * a local FCM stub); the app (REST Assured, token from the authorization-code + PKCE flow) sees it.
 */
@ExtendWith(OutputCaptureExtension.class)
class ThinPathIntegrationTests extends ShouhuIntegrationTest {

	@Autowired
	FhirContext fhir;

	@Test
	void aReportTravelsFromTheHospitalToTheIntakeProsecutorsPhone(CapturedOutput logs) throws Exception {
		String deviceToken = "intake-phone-" + UUID.randomUUID();
		String intake = DemoTokens.userToken(baseUrl(), "intake");
		given().baseUri(baseUrl())
			.auth()
			.oauth2(intake)
			.contentType(ContentType.JSON)
			.body("{\"token\": \"" + deviceToken + "\", \"platform\": \"android\"}")
			.post("/api/devices")
			.then()
			.statusCode(201);

		String tokenEndpoint = given().baseUri(baseUrl())
			.get("/fhir/.well-known/smart-configuration")
			.then()
			.statusCode(200)
			.body("scopes_supported", hasItem("system/Bundle.c"))
			.extract()
			.path("token_endpoint");
		String hospitalToken = DemoTokens.hospitalToken(tokenEndpoint, "hospital-01");

		IGenericClient hospital = hospitalClient(hospitalToken);
		Bundle report = DemoReports.example(fhir);
		Bundle response = hospital.operation()
			.processMessage()
			.setMessageBundle(report)
			.synchronous(Bundle.class)
			.execute();

		assertThat(response.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
		MessageHeader header = (MessageHeader) response.getEntryFirstRep().getResource();
		assertThat(header.getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.OK);
		String taskId = header.getFocusFirstRep().getReferenceElement().getIdPart();
		assertThat(header.getFocusFirstRep().getReferenceElement().getResourceType()).isEqualTo("Task");

		Task task = hospital.read().resource(Task.class).withId(taskId).execute();
		assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.RECEIVED);
		String backToTheHospital = fhir.newJsonParser().encodeResourceToString(response)
				+ fhir.newJsonParser().encodeResourceToString(task);
		for (String sealed : DemoReports.REPORTER_IDENTITY) {
			assertThat(backToTheHospital).as("the hospital's answer does not repeat the reporter").doesNotContain(sealed);
		}

		List<String> pushes = await().atMost(Duration.ofSeconds(20))
			.until(() -> fcm.sentBodies(deviceToken), sent -> !sent.isEmpty());
		String push = pushes.get(0);
		assertThat(push).contains("\"type\":\"report-received\"").contains(taskId);
		for (String personal : DemoReports.PERSONAL_AND_SEALED) {
			assertThat(push).as("push carries no personal data").doesNotContain(personal);
		}

		given().baseUri(baseUrl())
			.auth()
			.oauth2(intake)
			.get("/api/triage")
			.then()
			.statusCode(200)
			.body("items.id", hasItem(taskId));
		String details = given().baseUri(baseUrl())
			.auth()
			.oauth2(intake)
			.get("/api/reports/{id}", taskId)
			.then()
			.statusCode(200)
			.body("id", equalTo(taskId))
			.body("situations", hasItem("S2"))
			.extract()
			.asString();
		for (String reporter : DemoReports.REPORTER_IDENTITY) {
			assertThat(details).as("the reporter stays sealed").doesNotContain(reporter);
		}

		String otherJurisdiction = DemoTokens.userToken(baseUrl(), "prosecutor-b");
		given().baseUri(baseUrl())
			.auth()
			.oauth2(otherJurisdiction)
			.get("/api/triage")
			.then()
			.statusCode(200)
			.body("items.id", not(hasItem(taskId)));
		given().baseUri(baseUrl())
			.auth()
			.oauth2(otherJurisdiction)
			.get("/api/reports/{id}", taskId)
			.then()
			.statusCode(404);

		for (String personal : DemoReports.PERSONAL_AND_SEALED) {
			assertThat(logs.getAll()).as("the logs carry no personal data").doesNotContain(personal);
		}
		assertThat(logs.getAll()).as("the report was logged, by id").contains(taskId);
	}

	private IGenericClient hospitalClient(String token) {
		fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		IGenericClient client = fhir.newRestfulGenericClient(baseUrl() + "/fhir");
		client.registerInterceptor(new BearerTokenAuthInterceptor(token));
		return client;
	}
}
