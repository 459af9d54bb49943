package io.shouhu.fhir;

import io.shouhu.ShouhuIntegrationTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** An integration engineer reads the guide from the server itself, before having any credentials. */
class PublishedGuideIntegrationTests extends ShouhuIntegrationTest {

	@Test
	void profilesAndCodeSystemsAreReadableWithoutAToken() {
		given().baseUri(baseUrl())
			.get("/fhir/StructureDefinition/shouhu-minor-patient")
			.then()
			.statusCode(200)
			.body("url", equalTo("https://shouhu.io/fhir/StructureDefinition/shouhu-minor-patient"));
		given().baseUri(baseUrl())
			.get("/fhir/CodeSystem/statutory-situation")
			.then()
			.statusCode(200)
			.body("concept.code", hasItem("S9"));
		given().baseUri(baseUrl())
			.get("/fhir/ValueSet?url=https://shouhu.io/fhir/ValueSet/report-urgency")
			.then()
			.statusCode(200)
			.body("resourceType", equalTo("Bundle"));
	}

	@Test
	void theTaskIsStillNotPublic() {
		given().baseUri(baseUrl()).get("/fhir/Task/anything").then().statusCode(401);
	}
}
