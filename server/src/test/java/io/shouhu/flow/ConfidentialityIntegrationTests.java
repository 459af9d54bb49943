package io.shouhu.flow;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.shouhu.ShouhuIntegrationTest;
import io.shouhu.fhir.HospitalReports;
import io.shouhu.identity.DemoTokens;
import org.bson.Document;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.mongodb.core.MongoTemplate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * "不敢说": a report with distinctive personal data goes from the hospital through triage and the
 * case; afterwards neither the store's file nor the logs hold any of it, only a supervisor with a
 * stated reason opens the reporter's identity, and every access is in an audit trail that verifies.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfidentialityIntegrationTests extends ShouhuIntegrationTest {

	static final String CHILD_FAMILY = "端木";

	static final String CHILD_GIVEN = "紫萱";

	/** A national ID number with a valid check digit (GB 11643), born 2013-08-15. */
	static final String CHILD_ID = "330303201308151239";

	static final String REPORTER_NAME = "欧阳明远";

	static final String REPORTER_ID = "DOC-20261129-77";

	static final String GUARDIAN_PHONE = "13812345678";

	static final String REASON = "需向报告医生核实伤情细节以便开展救助";

	@Autowired
	FhirContext fhir;

	@Autowired
	MongoTemplate mongo;

	@Test
	void aCopyOfTheStoreOrTheLogsHoldsNoPersonalDataAndEveryAccessIsAudited(CapturedOutput output) throws Exception {
		IGenericClient hospital = HospitalReports.client(fhir, baseUrl(), "hospital-01", EncodingEnum.JSON);
		String report = HospitalReports.send(hospital, distinctiveReport());
		String intake = DemoTokens.userToken(baseUrl(), "intake");
		String prosecutor = DemoTokens.userToken(baseUrl(), "prosecutor");
		String supervisor = DemoTokens.userToken(baseUrl(), "supervisor");
		String prosecutorB = DemoTokens.userToken(baseUrl(), "prosecutor-b");

		// The flow: intake reads and accepts, the prosecutor works the case, someone elsewhere probes.
		app(intake).get("/api/reports/{id}", report).then().statusCode(200).body("child.givenName", equalTo(CHILD_GIVEN));
		String tag = app(intake).get("/api/reports/{id}", report).then().extract().header("ETag");
		String caseId = app(intake).header("If-Match", tag)
			.body(Map.of("lead", "prosecutor"))
			.post("/api/reports/{id}/accept", report)
			.then()
			.statusCode(201)
			.extract()
			.path("caseId");
		Response kase = app(prosecutor).get("/api/cases/{id}", caseId);
		kase.then().statusCode(200);
		String number = kase.jsonPath().getString("number");
		app(prosecutor).header("If-Match", kase.header("ETag"))
			.body(Map.of("channel", "监护人电话 " + GUARDIAN_PHONE))
			.put("/api/cases/{id}/contact-channel", caseId)
			.then()
			.statusCode(200);
		app(prosecutor).body(Map.of("text", "已电话联系监护人 " + GUARDIAN_PHONE))
			.post("/api/cases/{id}/comments", caseId)
			.then()
			.statusCode(201);
		app(prosecutorB).get("/api/reports/{id}", report).then().statusCode(404);
		app(prosecutorB).get("/api/cases/{id}", caseId).then().statusCode(404);
		assertThat(hospital.read().resource(Task.class).withId(report).execute().getStatus())
			.isEqualTo(Task.TaskStatus.ACCEPTED);

		// The reveal: who may, who may not, and what the case's timeline says of it.
		for (String user : List.of("intake", "prosecutor", "social-worker", "psychologist", "aid-officer")) {
			reveal(DemoTokens.userToken(baseUrl(), user), report, REASON).statusCode(403)
				.contentType(startsWith("application/problem+json"));
		}
		for (String user : List.of("prosecutor-b", "supervisor-b")) {
			reveal(DemoTokens.userToken(baseUrl(), user), report, REASON).statusCode(404)
				.contentType(startsWith("application/problem+json"));
		}
		reveal(supervisor, report, "").statusCode(400).contentType(startsWith("application/problem+json"));
		reveal(supervisor, report, "太短的理由").statusCode(400);
		app(supervisor).post("/api/reports/{id}/reporter", report).then().statusCode(400);
		reveal(supervisor, report, REASON).statusCode(200)
			.header("Cache-Control", org.hamcrest.Matchers.containsString("no-store"))
			.body("name", equalTo(REPORTER_NAME))
			.body("identifier.value", equalTo(REPORTER_ID));
		String timeline = app(supervisor).header("Accept-Language", "en")
			.get("/api/cases/{id}/timeline", caseId)
			.then()
			.statusCode(200)
			.extract()
			.asString();
		assertThat(timeline).contains("reporter identity opened by supervisor: " + REASON)
			.doesNotContain(REPORTER_NAME, REPORTER_ID);
		for (String url : List.of("/api/reports/" + report, "/api/cases/" + caseId, "/api/cases/" + caseId + "/timeline",
				"/api/triage", "/api/cases")) {
			assertThat(app(supervisor).get(url).asString()).as(url).doesNotContain(REPORTER_NAME, REPORTER_ID);
		}

		// The audit trail of the report and of the case: every access, denied ones too.
		List<Map<String, Object>> ofReport = auditOf(supervisor, report);
		assertThat(ofReport).extracting(e -> e.get("actor") + " " + e.get("action") + " " + e.get("outcome"))
			.contains("hospital-01 create allowed", "intake read allowed", "intake accept allowed",
					"prosecutor-b read denied");
		assertThat(ofReport).filteredOn(e -> "reporter".equals(((Map<?, ?>) e.get("subject")).get("type")))
			.extracting(e -> e.get("actor") + " " + e.get("outcome"))
			.contains("social-worker denied", "supervisor-b denied", "supervisor allowed");
		assertThat(ofReport).filteredOn(e -> "supervisor".equals(e.get("actor")) && "allowed".equals(e.get("outcome"))
				&& "reveal".equals(e.get("action")))
			.singleElement()
			.satisfies(e -> assertThat(e.get("purpose")).isEqualTo(REASON));
		assertThat(auditOf(supervisor, caseId)).extracting(e -> e.get("actor") + " " + e.get("action") + " " + e.get("outcome"))
			.contains("prosecutor read allowed", "prosecutor set-contact-channel allowed", "prosecutor comment allowed",
					"prosecutor-b read denied");
		app(prosecutor).get("/api/admin/audit?subject={id}", report).then().statusCode(403);
		assertThat(auditOf(DemoTokens.userToken(baseUrl(), "supervisor-b"), report)).isEmpty();
		app(supervisor).get("/api/admin/audit/verify").then().statusCode(200).body("valid", equalTo(true));

		// Tampering with one stored entry is found; putting it back heals the chain.
		String entry = (String) ofReport.get(ofReport.size() - 1).get("id");
		Document stored = mongo.getCollection("audit").find(new Document("_id", entry)).first();
		mongo.getCollection("audit")
			.updateOne(new Document("_id", entry), new Document("$set", new Document("outcome", "DENIED")));
		app(supervisor).get("/api/admin/audit/verify")
			.then()
			.statusCode(200)
			.body("valid", equalTo(false))
			.body("firstBroken", equalTo(entry));
		mongo.getCollection("audit")
			.updateOne(new Document("_id", entry), new Document("$set", new Document("outcome", stored.get("outcome"))));
		app(supervisor).get("/api/admin/audit/verify").then().body("valid", equalTo(true));

		// The copy: the store's file and the logs. The case number is kept in plain, so the scan works.
		Path file = DATA_DIR.resolve("shouhu.mv");
		byte[] bytes = storeFileContaining(file, number);
		List<String> personal = List.of(CHILD_FAMILY + CHILD_GIVEN, CHILD_GIVEN, CHILD_ID, REPORTER_NAME, REPORTER_ID,
				GUARDIAN_PHONE, "13987654321");
		for (String value : personal) {
			assertThat(indexOf(bytes, value.getBytes(StandardCharsets.UTF_8))).as("%s in the store's file", value)
				.isEqualTo(-1);
			assertThat(indexOf(bytes, value.getBytes(StandardCharsets.UTF_16LE))).as("%s in the store's file", value)
				.isEqualTo(-1);
			assertThat(output.getAll()).as("%s in the logs", value).doesNotContain(value);
		}
	}

	/** The example report about a child and from a doctor whose data appears nowhere else. */
	private Bundle distinctiveReport() {
		Bundle bundle = HospitalReports.message(fhir, "hospital-01", "ws-005");
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getResource() instanceof Patient patient) {
				patient.getIdentifierFirstRep().setValue(CHILD_ID);
				patient.setName(List.of(new HumanName().setText(CHILD_FAMILY + CHILD_GIVEN)
					.setFamily(CHILD_FAMILY)
					.addGiven(CHILD_GIVEN)));
				patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("2013-08-15"));
			}
			if (entry.getResource() instanceof Practitioner practitioner) {
				practitioner.getIdentifierFirstRep().setValue(REPORTER_ID);
				practitioner.setName(List.of(new HumanName().setText(REPORTER_NAME).setFamily("欧阳").addGiven("明远")));
				practitioner.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("13987654321");
			}
		}
		return bundle;
	}

	private io.restassured.response.ValidatableResponse reveal(String token, String report, String reason) {
		return app(token).body(Map.of("reason", reason)).post("/api/reports/{id}/reporter", report).then();
	}

	/** Every audit entry of a subject, following the cursor. */
	private List<Map<String, Object>> auditOf(String token, String subject) {
		List<Map<String, Object>> all = new ArrayList<>();
		String cursor = null;
		do {
			RequestSpecification request = app(token).queryParam("subject", subject).queryParam("limit", 20);
			if (cursor != null) {
				request = request.queryParam("cursor", cursor);
			}
			Response page = request.get("/api/admin/audit");
			page.then().statusCode(200);
			all.addAll(page.jsonPath().getList("entries"));
			cursor = page.jsonPath().getString("next");
		}
		while (cursor != null);
		return all;
	}

	/** The store's file once it holds the control value (the store writes its file in the background). */
	private static byte[] storeFileContaining(Path file, String control) throws Exception {
		byte[] needle = control.getBytes(StandardCharsets.UTF_8);
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			byte[] bytes = Files.readAllBytes(file);
			if (indexOf(bytes, needle) >= 0) {
				return bytes;
			}
			assertThat(System.nanoTime()).as("the case number %s reaches the store's file", control)
				.isLessThan(deadline);
			Thread.sleep(250);
		}
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	private RequestSpecification app(String token) {
		return given().baseUri(baseUrl()).auth().oauth2(token).contentType(ContentType.JSON);
	}
}
