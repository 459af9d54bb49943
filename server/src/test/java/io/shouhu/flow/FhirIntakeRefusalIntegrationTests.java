package io.shouhu.flow;

import ca.uhn.fhir.context.FhirContext;
import io.restassured.response.ValidatableResponse;
import io.shouhu.ShouhuIntegrationTest;
import io.shouhu.casework.Triage;
import io.shouhu.identity.DemoTokens;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * What a hospital gets for a report that cannot be taken in: a clear 4xx with an OperationOutcome,
 * and nothing stored.
 */
class FhirIntakeRefusalIntegrationTests extends ShouhuIntegrationTest {

	static final String FHIR_JSON = "application/fhir+json";

	@Autowired
	FhirContext fhir;

	@Autowired
	Triage triage;

	long reportsBefore;

	@BeforeEach
	void countReports() {
		reportsBefore = triage.received();
	}

	@AfterEach
	void nothingWasStored() {
		assertThat(triage.received()).as("reports stored by refused requests").isEqualTo(reportsBefore);
	}

	@Test
	void malformedJsonIsA400WithAnOperationOutcome() {
		post(DemoTokens.hospitalToken(tokenEndpoint(), "hospital-01"), "{\"resourceType\": \"Bundle\", \"type\": ")
			.statusCode(400)
			.contentType(startsWith(FHIR_JSON))
			.body("resourceType", equalTo("OperationOutcome"));
	}

	@Test
	void aBundleOfTheWrongTypeIsA422PointingAtTheType() {
		Bundle collection = DemoReports.example(fhir).setType(Bundle.BundleType.COLLECTION);
		post(DemoTokens.hospitalToken(tokenEndpoint(), "hospital-01"), json(collection)).statusCode(422)
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue[0].expression[0]", equalTo("Bundle.type"));
	}

	@Test
	void withoutATokenNothingIsRead() {
		given().baseUri(baseUrl())
			.contentType(FHIR_JSON)
			.body(DemoReports.json())
			.post("/fhir/$process-message")
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", startsWith("Bearer"))
			.body("resourceType", equalTo("OperationOutcome"));
	}

	@Test
	void aForgedTokenIsRefused() {
		post("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJob3NwaXRhbC0wMSJ9.c2lnbmF0dXJl", DemoReports.json()).statusCode(401);
	}

	@Test
	void aStaffTokenCannotSendReports() {
		post(DemoTokens.userToken(baseUrl(), "intake"), DemoReports.json()).statusCode(403);
	}

	@Test
	void aHospitalCannotReportFromAnotherHospitalsWorkstation() {
		String hospital02 = DemoTokens.hospitalToken(tokenEndpoint(), "hospital-02");
		post(hospital02, json(DemoReports.from(fhir, "hospital-02", "ws-001"))).statusCode(403)
			.body("resourceType", equalTo("OperationOutcome"));
	}

	@Test
	void aHospitalCannotReportInAnotherHospitalsName() {
		String hospital02 = DemoTokens.hospitalToken(tokenEndpoint(), "hospital-02");
		post(hospital02, json(DemoReports.from(fhir, "hospital-01", "ws-001"))).statusCode(403)
			.body("resourceType", equalTo("OperationOutcome"));
	}

	@Test
	void aHospitalReadsOnlyItsOwnTasks() {
		String hospital01 = DemoTokens.hospitalToken(tokenEndpoint(), "hospital-01");
		String taskId = given().baseUri(baseUrl())
			.auth()
			.oauth2(hospital01)
			.contentType(FHIR_JSON)
			.body(json(DemoReports.example(fhir)))
			.post("/fhir/$process-message")
			.then()
			.statusCode(200)
			.extract()
			.path("entry[1].resource.id");
		reportsBefore++;

		given().baseUri(baseUrl())
			.auth()
			.oauth2(hospital01)
			.get("/fhir/Task/{id}", taskId)
			.then()
			.statusCode(200)
			.body("status", equalTo("received"));
		given().baseUri(baseUrl())
			.auth()
			.oauth2(DemoTokens.hospitalToken(tokenEndpoint(), "hospital-12"))
			.get("/fhir/Task/{id}", taskId)
			.then()
			.statusCode(404)
			.body("resourceType", equalTo("OperationOutcome"));
	}

	@Test
	void aResendIsAnsweredWithTheSameTaskAndStoresNothingNew() {
		String hospital01 = DemoTokens.hospitalToken(tokenEndpoint(), "hospital-01");
		String body = json(DemoReports.example(fhir));
		String first = post(hospital01, body).statusCode(200).extract().path("entry[1].resource.id");
		reportsBefore++;
		String again = post(hospital01, body).statusCode(200).extract().path("entry[1].resource.id");

		assertThat(again).isEqualTo(first);
	}

	@Test
	void aDifferentReportUnderAUsedIdentifierIsAConflict() {
		String hospital01 = DemoTokens.hospitalToken(tokenEndpoint(), "hospital-01");
		Bundle report = DemoReports.example(fhir);
		post(hospital01, json(report)).statusCode(200);
		reportsBefore++;
		((org.hl7.fhir.r4.model.Flag) report.getEntry().get(1).getResource()).getCode()
			.getCodingFirstRep()
			.setCode("S4");
		post(hospital01, json(report)).statusCode(409).body("resourceType", equalTo("OperationOutcome"));
	}

	@Test
	void theSmartConfigurationIsPublic() {
		given().baseUri(baseUrl())
			.get("/fhir/.well-known/smart-configuration")
			.then()
			.statusCode(200)
			.body("token_endpoint", equalTo(baseUrl() + "/oauth2/token"))
			.body("token_endpoint_auth_methods_supported", not(org.hamcrest.Matchers.empty()));
	}

	private String tokenEndpoint() {
		return baseUrl() + "/oauth2/token";
	}

	private String json(Bundle bundle) {
		return fhir.newJsonParser().encodeResourceToString(bundle);
	}

	private ValidatableResponse post(String token, String body) {
		return given().baseUri(baseUrl())
			.auth()
			.oauth2(token)
			.contentType(FHIR_JSON)
			.body(body)
			.post("/fhir/$process-message")
			.then();
	}
}
