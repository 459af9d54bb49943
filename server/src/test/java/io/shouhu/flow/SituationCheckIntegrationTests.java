package io.shouhu.flow;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.restassured.response.ValidatableResponse;
import io.shouhu.ShouhuIntegrationTest;
import io.shouhu.fhir.HospitalReports;
import io.shouhu.identity.DemoTokens;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Flag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

/**
 * A report's clinical codes, sent over FHIR, are checked against the situations the hospital declared,
 * and intake sees where they differ in the triage queue and on the report: a mismatch, not a refusal.
 */
class SituationCheckIntegrationTests extends ShouhuIntegrationTest {

	@Autowired
	FhirContext fhir;

	@Test
	void intakeSeesTheSituationsTheRulesFoundNextToThoseTheHospitalDeclared() {
		IGenericClient hospital = HospitalReports.client(fhir, baseUrl(), "hospital-01", EncodingEnum.JSON);
		// The demo girl of 13 with an abortion (O03.9), declared as "other serious harm" (S9) only.
		Bundle declaredS9 = DemoReports.example(fhir);
		for (Bundle.BundleEntryComponent entry : declaredS9.getEntry()) {
			if (entry.getResource() instanceof Flag flag) {
				flag.getCode().getCodingFirstRep().setCode("S9").setDisplay(null);
			}
			if (entry.getResource() instanceof Condition condition) {
				condition.getCode().getCodingFirstRep().setCode("O03.9").setDisplay(null);
				condition.getCode().setText(null);
			}
		}
		String mismatched = HospitalReports.send(hospital, declaredS9);
		// The demo as published: S2 declared, sexual abuse (T74.2) found as S2.
		String matched = HospitalReports.send(hospital, DemoReports.example(fhir));
		String intake = DemoTokens.userToken(baseUrl(), "intake");

		ValidatableResponse queue = app(intake).get("/api/triage").then().statusCode(200);
		ValidatableResponse report = app(intake).get("/api/reports/{id}", mismatched).then().statusCode(200);
		for (ValidatableResponse shown : new ValidatableResponse[] {
				queue.rootPath("items.find { it.id == '" + mismatched + "' }"), report }) {
			shown.body("situations", contains("S9"))
				.body("situationCheck.assessed", equalTo(true))
				.body("situationCheck.rulesVersion", notNullValue())
				.body("situationCheck.found.situation", contains("S2"))
				.body("situationCheck.found.strength", contains("must-report"))
				.body("situationCheck.undeclared", contains("S2"))
				.body("situationCheck.unconfirmed", contains("S9"))
				.body("situationCheck.checked", hasItems("S2", "S9"))
				.body("situationCheck.mismatch", equalTo(true));
		}
		app(intake).get("/api/reports/{id}", matched)
			.then()
			.statusCode(200)
			.body("situationCheck.found.situation", contains("S2"))
			.body("situationCheck.undeclared", empty())
			.body("situationCheck.unconfirmed", empty())
			.body("situationCheck.mismatch", equalTo(false));
	}

	private io.restassured.specification.RequestSpecification app(String token) {
		return given().baseUri(baseUrl()).auth().oauth2(token);
	}
}
