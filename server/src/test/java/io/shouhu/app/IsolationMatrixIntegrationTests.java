package io.shouhu.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.shouhu.ShouhuIntegrationTest;
import io.shouhu.fhir.HospitalReports;
import io.shouhu.identity.DemoTokens;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may see and do what, endpoint by endpoint: every {@code /api} endpoint called by each Longwan
 * role and by Ouhai's prosecutor and supervisor, on cases, reports and tasks of Longwan. Another
 * jurisdiction's resources are not found and never listed; a role that may not do something is
 * forbidden, except that a task worker does not learn of a case (or a task) that is not theirs.
 *
 * <p>Every row leaves the fixture as it was: a change a role is allowed is sent with a stale
 * {@code If-Match}, so that it is refused as stale (412) after the authorization passed. Only
 * comments, which need no If-Match, are really added.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IsolationMatrixIntegrationTests extends ShouhuIntegrationTest {

	/** In this order in every row's expectations. */
	static final List<String> USERS = List.of("intake", "prosecutor", "supervisor", "social-worker", "psychologist",
			"aid-officer", "prosecutor-b", "supervisor-b");

	static final List<String> TASK_WORKERS = List.of("social-worker", "psychologist", "aid-officer");

	static final List<String> OUHAI = List.of("prosecutor-b", "supervisor-b");

	static final String PROBLEMS = "https://shouhu.io/problems/";

	/** No ETag of ours: an allowed change is refused as stale, and nothing changes. */
	static final String STALE = "\"999999\"";

	static final String[] SEALED_REPORTER = { "演示医生", "DEMO-D-0001" };

	/** Filled by {@link #fixture()}: {@code {r1}}, {@code {r2}}, {@code {c1}}, {@code {c2}}, {@code {t-sw}}, {@code {t-crim}}. */
	static final Map<String, String> IDS = new LinkedHashMap<>();

	static final Map<String, String> TOKENS = new LinkedHashMap<>();

	@Autowired
	FhirContext fhir;

	/**
	 * r1 accepted into c1 (lead: prosecutor); r2 waiting in the queue; r3 accepted into c2, whose
	 * psychological-aid tasks went to the social workers (the psychologist has no task on it) and
	 * which is offered to Ouhai.
	 */
	@BeforeAll
	void fixture() {
		for (String user : USERS) {
			TOKENS.put(user, DemoTokens.userToken(baseUrl(), user));
		}
		IGenericClient hospital = HospitalReports.client(fhir, baseUrl(), "hospital-01", EncodingEnum.JSON);
		String r1 = send(hospital, "ws-005");
		String r2 = send(hospital, "ws-006");
		String r3 = send(hospital, "ws-007");
		String c1 = accept(r1);
		String c2 = accept(r3);
		IDS.put("{r1}", r1);
		IDS.put("{r2}", r2);
		IDS.put("{r3}", r3);
		IDS.put("{c1}", c1);
		IDS.put("{c2}", c2);

		List<Map<String, Object>> tasks = app("prosecutor").get("/api/cases/{id}", c1).jsonPath().getList("tasks");
		IDS.put("{t-sw}", taskOf(tasks, "parenting-guidance"));
		IDS.put("{t-crim}", taskOf(tasks, "criminal"));

		for (Map<String, Object> task : app("prosecutor").get("/api/cases/{id}", c2)
			.jsonPath()
			.<Map<String, Object>>getList("tasks")) {
			if ("psychologist".equals(task.get("team"))) {
				String tag = app("prosecutor").get("/api/tasks/{id}", task.get("id")).then().statusCode(200).extract()
					.header("ETag");
				app("prosecutor").header("If-Match", tag)
					.body(Map.of("team", "social-worker"))
					.post("/api/tasks/{id}/reassign", task.get("id"))
					.then()
					.statusCode(200);
			}
		}
		String tag = app("prosecutor").get("/api/cases/{id}", c2).then().statusCode(200).extract().header("ETag");
		app("prosecutor").header("If-Match", tag)
			.body(Map.of("to", "ouhai", "reason", "儿童实际居住在瓯海"))
			.post("/api/cases/{id}/transfer", c2)
			.then()
			.statusCode(200);
	}

	// I P S SW PS A PB SB: O = 2xx, A = allowed (any answer but 401, 403, 404 and 5xx), F = 403, N = 404
	static Stream<Arguments> matrix() {
		List<Row> rows = new ArrayList<>();
		Map<String, Object> none = null;
		// Triage
		rows.add(new Row("GET", "/api/triage", none, "O O O F F F O O"));
		rows.add(new Row("GET", "/api/reports/{r2}", none, "O O O F F F N N"));
		rows.add(new Row("GET", "/api/reports/{r2}/candidates", none, "O O O F F F N N"));
		// the example report has no attachment: only who gets past the role and jurisdiction checks differs
		rows.add(new Row("GET", "/api/reports/{r2}/attachments/photo-1", none, "N N N F F F N N"));
		rows.add(new Row("POST", "/api/reports/{r2}/accept", Map.of("lead", "prosecutor"), "A F A F F F N N"));
		rows.add(new Row("POST", "/api/reports/{r2}/merge", Map.of("caseId", "{c1}"), "A F A F F F N N"));
		rows.add(new Row("POST", "/api/reports/{r2}/reject", Map.of("reason", "duplicate", "text", "同一事件"),
				"A F A F F F N N"));
		rows.add(new Row("POST", "/api/reports/{r2}/reject/approve", none, "F F A F F F N N"));
		rows.add(new Row("POST", "/api/reports/{r2}/reject/decline", none, "F F A F F F N N"));
		// the sealed reporter: the supervisor of the report's jurisdiction, with a reason
		rows.add(new Row("POST", "/api/reports/{r1}/reporter", Map.of("reason", "矩阵测试：核实报告人身份所需"),
				"F F O F F F N N"));
		// Administration: a supervisor's, each seeing their own jurisdiction's audit only
		rows.add(new Row("GET", "/api/admin/audit?subject={r1}", none, "F F O F F F F O"));
		rows.add(new Row("GET", "/api/admin/audit/verify", none, "F F O F F F F O"));
		rows.add(new Row("POST", "/api/admin/keys/re-encrypt", none, "F F O F F F F O"));
		// Cases
		rows.add(new Row("GET", "/api/cases", none, "O O O F F F O O"));
		rows.add(new Row("GET", "/api/cases/{c1}", none, "O O O O O O N N"));
		// offered to Ouhai, but not Ouhai's to read until its supervisor takes it on
		rows.add(new Row("GET", "/api/cases/{c2}", none, "O O O O N O N N"));
		rows.add(new Row("GET", "/api/cases/{c1}/timeline", none, "O O O F F F N N"));
		rows.add(new Row("GET", "/api/cases/{c2}/timeline", none, "O O O F N F N N"));
		rows.add(new Row("GET", "/api/transfers", none, "F F O F F F F O"));
		rows.add(new Row("POST", "/api/cases/{c1}/lead", Map.of("lead", "prosecutor"), "F F A F F F N N"));
		rows.add(new Row("PUT", "/api/cases/{c1}/contact-channel", Map.of("channel", "母亲 138-0000-0000"),
				"F A A F F F N N"));
		rows.add(new Row("POST", "/api/cases/{c1}/tracks/civil-support/start", Map.of(), "F A A F F F N N"));
		rows.add(new Row("POST", "/api/cases/{c1}/tracks/criminal/owner", Map.of("owner", "prosecutor"),
				"F A A F F F N N"));
		rows.add(new Row("POST", "/api/cases/{c1}/tracks/criminal/milestones",
				Map.of("milestone", "referred-to-police"), "F A A F F F N N"));
		rows.add(new Row("POST", "/api/cases/{c1}/tracks/psychological-aid/complete", none, "F A A F F F N N"));
		rows.add(new Row("POST", "/api/cases/{c1}/tracks/psychological-aid/not-needed", Map.of("reason", "不需要"),
				"F A A F F F N N"));
		rows.add(new Row("POST", "/api/cases/{c1}/tasks",
				Map.of("track", "psychological-aid", "title", "再次评估", "team", "psychologist"), "F A A F F F N N"));
		rows.add(new Row("POST", "/api/cases/{c1}/comments", Map.of("text", "矩阵测试的备注"), "A A A F F F N N"));
		rows.add(new Row("POST", "/api/cases/{c1}/comments", Map.of("text", "矩阵测试的备注", "task", "{t-sw}"),
				"A A A A N N N N"));
		rows.add(new Row("POST", "/api/cases/{c1}/comments", Map.of("text", "矩阵测试的备注", "task", "{t-crim}"),
				"A A A N N N N N"));
		rows.add(new Row("POST", "/api/cases/{c2}/comments", Map.of("text", "矩阵测试的备注"), "A A A F N F N N"));
		rows.add(new Row("POST", "/api/cases/{c1}/closure/request", none, "F A A F F F N N"));
		rows.add(new Row("POST", "/api/cases/{c1}/closure/approve", none, "F F A F F F N N"));
		rows.add(new Row("POST", "/api/cases/{c1}/closure/decline", Map.of("reason", "还有工作"), "F F A F F F N N"));
		rows.add(new Row("POST", "/api/cases/{c1}/transfer", Map.of("to", "ouhai", "reason", "搬家"),
				"F A A F F F N N"));
		// a transfer is accepted or declined by the supervisor it is offered to; to anyone else there is none
		rows.add(new Row("POST", "/api/cases/{c2}/transfer/accept", none, "N N N N N N F A"));
		rows.add(new Row("POST", "/api/cases/{c2}/transfer/decline", Map.of("reason", "不在本院"), "N N N N N N F A"));
		rows.add(new Row("POST", "/api/cases/{c1}/transfer/accept", none, "N N N N N N N N"));
		rows.add(new Row("POST", "/api/cases/{c1}/transfer/decline", Map.of("reason", "不在本院"), "N N N N N N N N"));
		// Tasks
		rows.add(new Row("GET", "/api/tasks?mine=true", none, "O O O O O O O O"));
		rows.add(new Row("GET", "/api/tasks?mine=true&includeFinished=true", none, "O O O O O O O O"));
		rows.add(new Row("GET", "/api/tasks/{t-sw}", none, "O O O O N N N N"));
		rows.add(new Row("GET", "/api/tasks/{t-crim}", none, "O O O N N N N N"));
		rows.add(new Row("POST", "/api/tasks/{t-sw}/ack", none, "F A A A N N N N"));
		rows.add(new Row("POST", "/api/tasks/{t-sw}/complete", Map.of("outcome", "已完成"), "F A A A N N N N"));
		rows.add(new Row("POST", "/api/tasks/{t-sw}/cancel", Map.of("reason", "不需要"), "F A A F N N N N"));
		rows.add(new Row("POST", "/api/tasks/{t-sw}/reassign", Map.of("team", "psychologist"), "F A A F N N N N"));
		rows.add(new Row("POST", "/api/tasks/{t-crim}/ack", none, "F A A N N N N N"));
		rows.add(new Row("POST", "/api/tasks/{t-crim}/complete", Map.of("outcome", "已移送"), "F A A N N N N N"));
		// Me and devices (the caller's own: no jurisdiction to cross; an unusable registration changes nothing)
		rows.add(new Row("GET", "/api/me", none, "O O O O O O O O"));
		// the caller's own inbox: another's alert is not found
		rows.add(new Row("GET", "/api/inbox", none, "O O O O O O O O"));
		rows.add(new Row("POST", "/api/inbox/0123456789abcdef/read", none, "N N N N N N N N"));
		rows.add(new Row("POST", "/api/inbox/0123456789abcdef/ack", none, "N N N N N N N N"));
		rows.add(new Row("GET", "/api/admin/alerts?state=failed", none, "F F O F F F F O"));
		rows.add(new Row("POST", "/api/devices", Map.of("token", "x", "platform", "symbian"), "A A A A A A A A"));
		rows.add(new Row("DELETE", "/api/devices/no-such-device", none, "O O O O O O O O"));

		List<Arguments> cases = new ArrayList<>();
		for (Row row : rows) {
			String[] expected = row.expected().split(" ");
			assertThat(expected).hasSameSizeAs(USERS.toArray());
			for (int i = 0; i < USERS.size(); i++) {
				cases.add(Arguments.of(row.method(), row.path(), row.body(), USERS.get(i), expected[i]));
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0} {1} as {3}: {4}")
	@MethodSource("matrix")
	void eachEndpointAsEachRole(String method, String path, Map<String, Object> body, String user, String expected) {
		RequestSpecification request = app(user).header("If-Match", STALE);
		if (body != null) {
			Map<String, Object> resolved = new LinkedHashMap<>();
			body.forEach((key, value) -> resolved.put(key, resolve(String.valueOf(value))));
			request.body(resolved);
		}
		Response response = request.request(method, resolve(path));
		int status = response.statusCode();
		String text = response.asString();
		String what = method + " " + path + " as " + user + ": HTTP " + status + " " + text;

		switch (expected) {
			case "O" -> assertThat(status).as(what).isBetween(200, 299);
			case "A" -> assertThat(status).as(what).isBetween(200, 499).isNotIn(401, 403, 404);
			case "F" -> {
				assertThat(status).as(what).isEqualTo(403);
				assertThat(response.jsonPath().getString("type")).as(what).isEqualTo(PROBLEMS + "forbidden");
			}
			case "N" -> {
				assertThat(status).as(what).isEqualTo(404);
				assertThat(response.jsonPath().getString("type")).as(what).isEqualTo(PROBLEMS + "not-found");
			}
			default -> throw new IllegalArgumentException(expected);
		}

		if (!path.endsWith("/reporter")) {
			// the one way to the reporter's identity (tested in ConfidentialityIntegrationTests)
			assertThat(text).as(what).doesNotContain(SEALED_REPORTER);
		}
		if (TASK_WORKERS.contains(user)) {
			assertThat(text).as(what).doesNotContain("\"track\":\"criminal\"", "refer-to-police");
		}
		boolean list = path.equals("/api/triage") || path.equals("/api/cases") || path.startsWith("/api/tasks?")
				|| path.equals("/api/me");
		if (OUHAI.contains(user) && list) {
			assertThat(text).as(what).doesNotContain(IDS.values());
		}
		if (OUHAI.contains(user) && path.equals("/api/transfers")) {
			assertThat(text).as(what).doesNotContain(IDS.get("{c1}"));
		}
	}

	@Test
	void theFixtureIsWhatTheMatrixAssumes() {
		// the rows above proved nothing if the stale ETags had been current, or the lists empty anyway
		assertThat(app("intake").get("/api/triage").asString()).contains(IDS.get("{r2}"));
		assertThat(app("prosecutor").get("/api/cases").asString()).contains(IDS.get("{c1}"), IDS.get("{c2}"));
		assertThat(app("social-worker").get("/api/tasks?mine=true").asString()).contains(IDS.get("{t-sw}"));
		assertThat(app("supervisor-b").get("/api/transfers").asString()).contains(IDS.get("{c2}"));
		Response c1 = app("prosecutor").get("/api/cases/{id}", IDS.get("{c1}"));
		assertThat(c1.header("ETag")).isNotEqualTo(STALE);
		assertThat(c1.jsonPath().getString("status")).isEqualTo("open");
		assertThat(c1.jsonPath().getString("lead")).isEqualTo("prosecutor");
		assertThat(app("intake").get("/api/reports/{id}", IDS.get("{r2}")).jsonPath().getString("status"))
			.isEqualTo("received");
	}

	record Row(String method, String path, Map<String, Object> body, String expected) {
	}

	private static String taskOf(List<Map<String, Object>> tasks, String track) {
		return tasks.stream()
			.filter(t -> track.equals(t.get("track")))
			.map(t -> String.valueOf(t.get("id")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + track + " task in " + tasks));
	}

	private String accept(String report) {
		String tag = app("intake").get("/api/reports/{id}", report).then().statusCode(200).extract().header("ETag");
		return app("intake").header("If-Match", tag)
			.body(Map.of("lead", "prosecutor"))
			.post("/api/reports/{id}/accept", report)
			.then()
			.statusCode(201)
			.extract()
			.path("caseId");
	}

	private String send(IGenericClient hospital, String workstation) {
		Bundle report = HospitalReports.message(fhir, "hospital-01", workstation);
		return HospitalReports.send(hospital, report);
	}

	private static String resolve(String template) {
		String resolved = template;
		for (Map.Entry<String, String> id : IDS.entrySet()) {
			resolved = resolved.replace(id.getKey(), id.getValue());
		}
		return resolved;
	}

	private RequestSpecification app(String user) {
		return given().baseUri(baseUrl()).auth().oauth2(TOKENS.get(user)).contentType(ContentType.JSON);
	}
}
