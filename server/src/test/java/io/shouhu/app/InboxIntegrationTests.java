package io.shouhu.app;

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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** The intake prosecutor finds the new report in her inbox, reads and acknowledges it; nobody else can. */
class InboxIntegrationTests extends ShouhuIntegrationTest {

	@Autowired
	FhirContext fhir;

	@Test
	void aNewReportIsInTheIntakeInboxToReadAndAcknowledge() {
		IGenericClient hospital = HospitalReports.client(fhir, baseUrl(), "hospital-01", EncodingEnum.JSON);
		HospitalReports.send(hospital, HospitalReports.message(fhir, "hospital-01", "ws-008"));
		String report = HospitalReports.send(hospital, HospitalReports.message(fhir, "hospital-01", "ws-008"));
		String intake = DemoTokens.userToken(baseUrl(), "intake");

		Response inbox = app(intake).get("/api/inbox?limit=200");
		inbox.then().statusCode(200);
		List<Map<String, Object>> alerts = inbox.jsonPath().getList("alerts");
		Map<String, Object> alert = alerts.stream().filter(a -> report.equals(a.get("reportId"))).findFirst().orElseThrow();
		assertThat(alert).containsEntry("type", "report-received").containsEntry("read", false);
		assertThat(inbox.asString()).doesNotContain("小雨", "演示医生");
		long unread = inbox.jsonPath().getLong("unread");
		String id = (String) alert.get("id");

		app(DemoTokens.userToken(baseUrl(), "prosecutor-b")).post("/api/inbox/{id}/ack", id)
			.then()
			.statusCode(404)
			.contentType(startsWith("application/problem+json"));
		app(intake).post("/api/inbox/{id}/read", id).then().statusCode(204);
		app(intake).post("/api/inbox/{id}/ack", id).then().statusCode(204);
		app(intake).post("/api/inbox/{id}/ack", id).then().statusCode(204);
		Response after = app(intake).get("/api/inbox?limit=200");
		assertThat(after.jsonPath().getLong("unread")).isEqualTo(unread - 1);
		assertThat(after.jsonPath().getList("alerts.findAll { it.id == '" + id + "' }.acknowledged")).containsExactly(true);

		// two reports, so at least two alerts: a page of one has a next
		Response first = app(intake).get("/api/inbox?limit=1");
		String next = first.jsonPath().getString("next");
		assertThat(next).isNotNull();
		app(intake).get("/api/inbox?limit=1&cursor={c}", next)
			.then()
			.statusCode(200)
			.body("alerts[0].id", org.hamcrest.Matchers.not(equalTo(first.jsonPath().getString("alerts[0].id"))));
		app(intake).get("/api/inbox?cursor=garbage").then().statusCode(400).contentType(startsWith("application/problem+json"));

		// From the cause to each alert and where its push stands, for the supervisor
		Response traced = app(DemoTokens.userToken(baseUrl(), "supervisor")).get("/api/admin/alerts?subject={id}", report);
		traced.then().statusCode(200);
		assertThat(traced.jsonPath().getList("findAll { it.id == '" + id + "' }.acknowledged")).containsExactly(true);
		assertThat(traced.jsonPath().getList("type", String.class)).containsOnly("report-received");
		assertThat(traced.jsonPath().getList("delivery", String.class)).isNotEmpty();
		app(DemoTokens.userToken(baseUrl(), "supervisor-b")).get("/api/admin/alerts?subject={id}", report)
			.then()
			.statusCode(200)
			.body("size()", equalTo(0));
	}

	@Test
	void aTaskForHerTeamIsInTheSocialWorkersInboxWithTheIdsToFetchIt() {
		String report = HospitalReports.send(HospitalReports.client(fhir, baseUrl(), "hospital-01", EncodingEnum.JSON),
				HospitalReports.message(fhir, "hospital-01", "ws-009"));
		String intake = DemoTokens.userToken(baseUrl(), "intake");
		String tag = app(intake).get("/api/reports/{id}", report).then().statusCode(200).extract().header("ETag");
		String caseId = app(intake).header("If-Match", tag)
			.body(Map.of("lead", "prosecutor"))
			.post("/api/reports/{id}/accept", report)
			.then()
			.statusCode(201)
			.extract()
			.path("caseId");

		String socialWorker = DemoTokens.userToken(baseUrl(), "social-worker");
		List<Map<String, Object>> alerts = app(socialWorker).get("/api/inbox?limit=200").jsonPath().getList("alerts");
		Map<String, Object> task = alerts.stream()
			.filter(a -> "task-assigned".equals(a.get("type")) && caseId.equals(a.get("caseId")))
			.findFirst()
			.orElseThrow();
		assertThat(task.get("link")).isEqualTo("shouhu://tasks/" + task.get("taskId"));
		app(socialWorker).get("/api/tasks/{id}", task.get("taskId")).then().statusCode(200);
	}

	@Test
	void quietHoursAreEachUsersOwnAndCheckedWhenSet() {
		String worker = DemoTokens.userToken(baseUrl(), "psychologist");
		app(worker).delete("/api/me/quiet-hours").then().statusCode(204);
		app(worker).get("/api/me/quiet-hours").then().statusCode(404);
		app(worker).body(Map.of("from", "22:00", "to", "07:00"))
			.put("/api/me/quiet-hours")
			.then()
			.statusCode(200)
			.body("zone", equalTo("Asia/Shanghai"));
		app(worker).get("/api/me/quiet-hours").then().statusCode(200).body("from", equalTo("22:00"));
		app(DemoTokens.userToken(baseUrl(), "aid-officer")).get("/api/me/quiet-hours").then().statusCode(404);
		app(worker).body(Map.of("from", "22:00", "to", "22:00"))
			.put("/api/me/quiet-hours")
			.then()
			.statusCode(400)
			.contentType(startsWith("application/problem+json"));
		app(worker).body(Map.of("from", "soon", "to", "later")).put("/api/me/quiet-hours").then().statusCode(400);
		app(worker).delete("/api/me/quiet-hours").then().statusCode(204);
	}

	@Test
	void failedPushesAreListedForTheSupervisorOnly() {
		app(DemoTokens.userToken(baseUrl(), "supervisor")).get("/api/admin/alerts?state=failed")
			.then()
			.statusCode(200)
			.contentType(startsWith("application/json"));
		app(DemoTokens.userToken(baseUrl(), "intake")).get("/api/admin/alerts?state=failed").then().statusCode(403);
		app(DemoTokens.userToken(baseUrl(), "supervisor")).get("/api/admin/alerts?state=sent").then().statusCode(400);
	}

	private RequestSpecification app(String token) {
		return given().baseUri(baseUrl()).auth().oauth2(token).contentType(ContentType.JSON);
	}
}
