package io.shouhu.flow;

import java.util.List;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.shouhu.ShouhuIntegrationTest;
import io.shouhu.identity.DemoTokens;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The whole "一件事" through the app's API alone, with the hospital watching its Task: a report is
 * accepted, the playbook's tasks reach their teams, a social worker does hers, every track is
 * finished, the supervisor approves closing, and the hospital's Task says completed.
 */
class CaseFlowIntegrationTests extends ShouhuIntegrationTest {

	static final String PROBLEM = "application/problem+json";

	@Autowired
	FhirContext fhir;

	@Test
	void fromReportToClosedCaseWithTheHospitalToldAtEachStep() {
		IGenericClient hospital = hospital();
		String report = send(hospital, "ws-003");
		String intake = DemoTokens.userToken(baseUrl(), "intake");
		String prosecutor = DemoTokens.userToken(baseUrl(), "prosecutor");
		String supervisor = DemoTokens.userToken(baseUrl(), "supervisor");
		String socialWorker = DemoTokens.userToken(baseUrl(), "social-worker");

		// Intake accepts, naming the lead at once.
		String reportTag = app(intake).get("/api/reports/{id}", report).then().statusCode(200).extract().header("ETag");
		String caseId = app(intake).header("If-Match", reportTag)
			.body(Map.of("lead", "prosecutor"))
			.post("/api/reports/{id}/accept", report)
			.then()
			.statusCode(201)
			.header("Location", startsWith("/api/cases/"))
			.extract()
			.path("caseId");
		assertThat(taskOf(hospital, report).getStatus()).isEqualTo(Task.TaskStatus.ACCEPTED);

		// The S2 playbook opened its tracks, each with its first task.
		Response kase = app(prosecutor).get("/api/cases/{id}", caseId);
		kase.then()
			.statusCode(200)
			.body("number", org.hamcrest.Matchers.matchesPattern("LW-\\d{4}-\\d{6}"))
			.body("lead", equalTo("prosecutor"))
			.body("immediateDanger", equalTo(true));
		assertThat(kase.jsonPath().getList("tracks.findAll { it.status == 'active' }.type", String.class))
			.containsExactlyInAnyOrder("criminal", "psychological-aid", "legal-aid", "judicial-aid",
					"parenting-guidance");
		assertThat(kase.jsonPath().getString("tasks.find { it.kind == 'refer-to-police' }.assignee"))
			.isEqualTo("prosecutor");

		// The social worker sees her team's task with the least of the case, and does it.
		Response mine = app(socialWorker).get("/api/tasks?mine=true");
		mine.then().statusCode(200);
		List<Map<String, Object>> tasks = mine.jsonPath().getList("$");
		Map<String, Object> guardian = tasks.stream()
			.filter(t -> ((Map<?, ?>) t.get("task")).get("kind").equals("assess-guardian")
					&& t.get("caseId").equals(caseId))
			.findFirst()
			.orElseThrow();
		assertThat(mine.asString()).doesNotContain("refer-to-police", "criminal", "示例小雨", "000000201305200000",
				"演示医生", "DEMO-D-0001");
		assertThat(((Map<?, ?>) guardian.get("child")).get("givenName")).isEqualTo("小雨");
		assertThat(((Map<?, ?>) guardian.get("child")).get("ageBand")).isEqualTo("12-13");
		String taskId = (String) ((Map<?, ?>) guardian.get("task")).get("id");
		String taskTag = app(socialWorker).get("/api/tasks/{id}", taskId).then().statusCode(200).extract().header("ETag");
		app(socialWorker).post("/api/tasks/{id}/ack", taskId)
			.then()
			.statusCode(428)
			.contentType(startsWith(PROBLEM))
			.body("type", equalTo("https://shouhu.io/problems/precondition-required"));
		String acked = app(socialWorker).header("If-Match", taskTag)
			.post("/api/tasks/{id}/ack", taskId)
			.then()
			.statusCode(200)
			.body("status", equalTo("acknowledged"))
			.extract()
			.header("ETag");
		app(socialWorker).header("If-Match", taskTag)
			.body(Map.of("outcome", "监护人已约谈"))
			.post("/api/tasks/{id}/complete", taskId)
			.then()
			.statusCode(412)
			.body("type", equalTo("https://shouhu.io/problems/stale-version"));
		app(socialWorker).header("If-Match", acked)
			.body(Map.of("outcome", "监护人已约谈，家庭支持良好"))
			.post("/api/tasks/{id}/complete", taskId)
			.then()
			.statusCode(200)
			.body("status", equalTo("done"));
		assertThat(taskOf(hospital, report).getStatus()).isEqualTo(Task.TaskStatus.INPROGRESS);

		// A track with open tasks cannot be completed: a 409 naming the rule.
		String caseTag = etag(prosecutor, caseId);
		app(prosecutor).header("If-Match", caseTag)
			.post("/api/cases/{id}/tracks/criminal/complete", caseId)
			.then()
			.statusCode(409)
			.contentType(startsWith(PROBLEM))
			.body("type", equalTo("https://shouhu.io/problems/rules/track-has-pending-tasks"))
			.body("rule", equalTo("track-has-pending-tasks"));

		// The prosecutor finishes the rest: the remaining tasks, the criminal milestones, each track.
		for (Map<String, Object> task : app(prosecutor).get("/api/cases/{id}", caseId)
			.jsonPath()
			.<Map<String, Object>>getList("tasks")) {
			if (task.get("status").equals("open") || task.get("status").equals("acknowledged")) {
				String tag = app(prosecutor).get("/api/tasks/{id}", task.get("id")).then().extract().header("ETag");
				app(prosecutor).header("If-Match", tag)
					.body(Map.of("outcome", "已完成"))
					.post("/api/tasks/{id}/complete", task.get("id"))
					.then()
					.statusCode(200);
			}
		}
		milestone(prosecutor, caseId, "criminal", Map.of("milestone", "referred-to-police")).statusCode(200);
		milestone(prosecutor, caseId, "criminal", Map.of("milestone", "prosecuted")).statusCode(409)
			.body("rule", equalTo("milestone-prerequisite-missing"));
		for (String track : List.of("criminal", "psychological-aid", "legal-aid", "judicial-aid", "parenting-guidance")) {
			app(prosecutor).header("If-Match", etag(prosecutor, caseId))
				.post("/api/cases/{id}/tracks/{track}/complete", caseId, track)
				.then()
				.statusCode(200);
		}
		app(prosecutor).header("If-Match", etag(prosecutor, caseId))
			.post("/api/cases/{id}/closure/request", caseId)
			.then()
			.statusCode(409)
			.body("rule", equalTo("tracks-unfinished"));
		app(prosecutor).header("If-Match", etag(prosecutor, caseId))
			.body(Map.of("reason", "监护人已提起离婚诉讼，无需支持起诉"))
			.post("/api/cases/{id}/tracks/civil-support/not-needed", caseId)
			.then()
			.statusCode(200);
		app(prosecutor).header("If-Match", etag(prosecutor, caseId))
			.post("/api/cases/{id}/closure/request", caseId)
			.then()
			.statusCode(200)
			.body("status", equalTo("closing"));
		app(prosecutor).header("If-Match", etag(prosecutor, caseId))
			.post("/api/cases/{id}/closure/approve", caseId)
			.then()
			.statusCode(403);
		assertThat(taskOf(hospital, report).getStatus()).isEqualTo(Task.TaskStatus.INPROGRESS);

		app(supervisor).header("If-Match", etag(supervisor, caseId))
			.post("/api/cases/{id}/closure/approve", caseId)
			.then()
			.statusCode(200)
			.body("status", equalTo("closed"));

		Task done = taskOf(hospital, report);
		assertThat(done.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
		assertThat(done.getBusinessStatus().getText()).isEqualTo("检察机关已处理完毕");
		String timeline = app(supervisor).get("/api/cases/{id}/timeline", caseId).then().statusCode(200).extract().asString();
		assertThat(timeline).contains("case-opened", "task-completed", "closure-requested", "case-closed",
				"监护人已约谈，家庭支持良好");
	}

	@Test
	void aRejectionIsFinalOnlyWhenTheSupervisorApprovesIt() {
		IGenericClient hospital = hospital();
		String report = send(hospital, "ws-004");
		String intake = DemoTokens.userToken(baseUrl(), "intake");
		String supervisor = DemoTokens.userToken(baseUrl(), "supervisor");

		String tag = app(intake).get("/api/reports/{id}", report).then().extract().header("ETag");
		app(intake).header("If-Match", tag)
			.body(Map.of("reason", "duplicate", "text", "与前一份报告为同一事件"))
			.post("/api/reports/{id}/reject", report)
			.then()
			.statusCode(200)
			.body("status", equalTo("rejection-proposed"));
		assertThat(taskOf(hospital, report).getStatus()).isEqualTo(Task.TaskStatus.RECEIVED);
		String proposed = app(intake).get("/api/reports/{id}", report).then().extract().header("ETag");
		app(intake).header("If-Match", proposed)
			.post("/api/reports/{id}/reject/approve", report)
			.then()
			.statusCode(403);

		app(supervisor).header("If-Match", proposed)
			.post("/api/reports/{id}/reject/approve", report)
			.then()
			.statusCode(200)
			.body("status", equalTo("rejected"));

		Task task = taskOf(hospital, report);
		assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
		assertThat(task.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("duplicate");
		assertThat(fhir.newJsonParser().encodeResourceToString(task)).doesNotContain("与前一份报告为同一事件");
	}

	@Test
	void aRejectionNamedAsOtherClientsNameItIsUnderstoodToo() {
		String report = send(hospital(), "ws-007");
		String intake = DemoTokens.userToken(baseUrl(), "intake");

		app(intake).header("If-Match", app(intake).get("/api/reports/{id}", report).header("ETag"))
			.body(Map.of("reasonCode", "insufficient-information", "comment", "电话无法联系，信息不足"))
			.post("/api/reports/{id}/reject", report)
			.then()
			.statusCode(200);

		app(intake).get("/api/reports/{id}", report)
			.then()
			.body("decision.reason", equalTo("insufficient-information"))
			.body("decision.text", equalTo("电话无法联系，信息不足"));
	}

	@Test
	void aSecondReportOfTheSameChildIsProposedForMergeAndJoinsTheCase() {
		IGenericClient hospital = hospital();
		String first = send(hospital, "ws-005");
		String second = send(hospital, "ws-006");
		String intake = DemoTokens.userToken(baseUrl(), "intake");

		String caseId = app(intake).header("If-Match", app(intake).get("/api/reports/{id}", first).header("ETag"))
			.post("/api/reports/{id}/accept", first)
			.then()
			.statusCode(201)
			.extract()
			.path("caseId");
		app(intake).get("/api/reports/{id}/candidates", second)
			.then()
			.statusCode(200)
			.body("find { it.caseId == '" + caseId + "' }.matchedOn", equalTo("national-id"));

		app(intake).header("If-Match", app(intake).get("/api/reports/{id}", second).header("ETag"))
			.body(Map.of("caseId", caseId))
			.post("/api/reports/{id}/merge", second)
			.then()
			.statusCode(200)
			.body("caseId", equalTo(caseId));

		assertThat(taskOf(hospital, second).getStatus()).isEqualTo(Task.TaskStatus.ACCEPTED);
		app(intake).get("/api/cases/{id}", caseId)
			.then()
			.statusCode(200)
			.body("sourceReports", org.hamcrest.Matchers.hasItems("/api/reports/" + first, "/api/reports/" + second));
	}

	private IGenericClient hospital() {
		return io.shouhu.fhir.HospitalReports.client(fhir, baseUrl(), "hospital-01", EncodingEnum.JSON);
	}

	private String send(IGenericClient hospital, String workstation) {
		Bundle report = io.shouhu.fhir.HospitalReports.message(fhir, "hospital-01", workstation);
		return io.shouhu.fhir.HospitalReports.send(hospital, report);
	}

	private Task taskOf(IGenericClient hospital, String report) {
		return hospital.read().resource(Task.class).withId(report).execute();
	}

	private io.restassured.response.ValidatableResponse milestone(String token, String caseId, String track,
			Map<String, Object> body) {
		return app(token).header("If-Match", etag(token, caseId))
			.body(body)
			.post("/api/cases/{id}/tracks/{track}/milestones", caseId, track)
			.then();
	}

	private String etag(String token, String caseId) {
		return app(token).get("/api/cases/{id}", caseId).then().statusCode(200).extract().header("ETag");
	}

	private RequestSpecification app(String token) {
		return given().baseUri(baseUrl()).auth().oauth2(token).contentType(ContentType.JSON);
	}
}
