package io.shouhu.flow;

import java.util.Random;

import ca.uhn.fhir.context.FhirContext;
import io.shouhu.ShouhuIntegrationTest;
import io.shouhu.identity.DemoTokens;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** A photo sent with a report is kept apart and shown only to the case workers of its jurisdiction. */
class AttachmentIntegrationTests extends ShouhuIntegrationTest {

	@Autowired
	FhirContext fhir;

	@Test
	void aPhotoOfTheInjuryReachesTheProsecutorAndNobodyElse() {
		byte[] photo = new byte[2 * 1024 * 1024];
		new Random(42).nextBytes(photo);
		Bundle report = DemoReports.example(fhir);
		String patient = report.getEntry().get(2).getFullUrl();
		DocumentReference document = new DocumentReference()
			.setStatus(Enumerations.DocumentReferenceStatus.CURRENT)
			.setSubject(new Reference(patient));
		document.addContent().getAttachment().setContentType("image/jpeg").setTitle("injury").setData(photo);
		report.addEntry().setFullUrl("urn:uuid:7b3c4d5e-6f70-4a81-92a3-b4c5d6e7f809").setResource(document);

		String reportId = given().baseUri(baseUrl())
			.auth()
			.oauth2(DemoTokens.hospitalToken(baseUrl() + "/oauth2/token", "hospital-01"))
			.contentType("application/fhir+json")
			.body(fhir.newJsonParser().encodeResourceToString(report))
			.post("/fhir/$process-message")
			.then()
			.statusCode(200)
			.extract()
			.path("entry[1].resource.id");

		String intake = DemoTokens.userToken(baseUrl(), "intake");
		String link = given().baseUri(baseUrl())
			.auth()
			.oauth2(intake)
			.get("/api/reports/{id}", reportId)
			.then()
			.statusCode(200)
			.body("attachments[0].contentType", equalTo("image/jpeg"))
			.body("attachments[0].size", equalTo(photo.length))
			.extract()
			.path("attachments[0].link");

		byte[] downloaded = given().baseUri(baseUrl())
			.auth()
			.oauth2(intake)
			.get(link)
			.then()
			.statusCode(200)
			.contentType("image/jpeg")
			.header("X-Content-Type-Options", "nosniff")
			.extract()
			.asByteArray();
		assertThat(downloaded).isEqualTo(photo);

		given().baseUri(baseUrl())
			.auth()
			.oauth2(DemoTokens.userToken(baseUrl(), "prosecutor-b"))
			.get(link)
			.then()
			.statusCode(404)
			.contentType("application/problem+json");
		given().baseUri(baseUrl())
			.auth()
			.oauth2(DemoTokens.userToken(baseUrl(), "social-worker"))
			.get(link)
			.then()
			.statusCode(403);
		given().baseUri(baseUrl()).get(link).then().statusCode(401);

		// Accepted into a case, the photo is listed with the case and opened from there.
		String tag = given().baseUri(baseUrl()).auth().oauth2(intake).get("/api/reports/{id}", reportId).header("ETag");
		String caseId = given().baseUri(baseUrl())
			.auth()
			.oauth2(intake)
			.header("If-Match", tag)
			.contentType("application/json")
			.post("/api/reports/{id}/accept", reportId)
			.then()
			.statusCode(201)
			.extract()
			.path("caseId");
		String caseLink = given().baseUri(baseUrl())
			.auth()
			.oauth2(DemoTokens.userToken(baseUrl(), "prosecutor"))
			.get("/api/cases/{id}", caseId)
			.then()
			.statusCode(200)
			.body("attachments[0].report", equalTo(reportId))
			.body("attachments[0].contentType", equalTo("image/jpeg"))
			.extract()
			.path("attachments[0].link");
		assertThat(given().baseUri(baseUrl())
			.auth()
			.oauth2(DemoTokens.userToken(baseUrl(), "prosecutor"))
			.get(caseLink)
			.then()
			.statusCode(200)
			.header("Content-Disposition", org.hamcrest.Matchers.startsWith("attachment"))
			.extract()
			.asByteArray()).isEqualTo(photo);
		given().baseUri(baseUrl())
			.auth()
			.oauth2(DemoTokens.userToken(baseUrl(), "prosecutor-b"))
			.get(caseLink)
			.then()
			.statusCode(404);
	}
}
