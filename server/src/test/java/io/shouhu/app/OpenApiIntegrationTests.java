package io.shouhu.app;

import java.util.Map;

import io.restassured.response.Response;
import io.shouhu.ShouhuIntegrationTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app API's OpenAPI 3.1 description and its browsable UI: public, and about {@code /api} only.
 */
class OpenApiIntegrationTests extends ShouhuIntegrationTest {

	@Test
	void theDescriptionIsOpenApi31AndHasTheAppApisPaths() {
		Response docs = given().accept("application/json").get(baseUrl() + "/v3/api-docs");
		assertThat(docs.statusCode()).isEqualTo(200);
		assertThat(docs.contentType()).startsWith("application/json");
		assertThat(docs.jsonPath().getString("openapi")).startsWith("3.1");
		assertThat(docs.jsonPath().getString("info.title")).isEqualTo("Shouhu app API");
		Map<String, Object> paths = docs.jsonPath().getMap("paths");
		assertThat(paths).containsKeys("/api/triage", "/api/reports/{id}", "/api/reports/{id}/accept",
				"/api/reports/{id}/merge", "/api/reports/{id}/reject", "/api/cases", "/api/cases/{id}",
				"/api/cases/{id}/timeline", "/api/tasks", "/api/tasks/{id}/ack", "/api/tasks/{id}/complete", "/api/me");
		assertThat(paths.keySet()).allMatch(path -> path.startsWith("/api/"));
		assertThat(docs.jsonPath().getString("components.securitySchemes.bearer.scheme")).isEqualTo("bearer");
	}

	@Test
	void theSituationCheckShownToIntakeIsDescribed() {
		Response docs = given().accept("application/json").get(baseUrl() + "/v3/api-docs");
		String check = "components.schemas.SituationCheckView";

		assertThat(docs.jsonPath().getMap(check + ".properties")).containsOnlyKeys("assessed", "rulesVersion", "found",
				"undeclared", "unconfirmed", "checked", "mismatch");
		assertThat(docs.jsonPath().getString(check + ".description")).contains("never a rejection");
		assertThat(docs.jsonPath().getString(check + ".properties.unconfirmed.description")).contains("S7, S8");
		assertThat(docs.jsonPath().getList("components.schemas.FoundView.properties.strength.enum", String.class))
			.containsExactly("must-report", "consider");
		assertThat(docs.jsonPath().getString("components.schemas.QueueEntry.properties.situationCheck.$ref"))
			.endsWith("/SituationCheckView");
		assertThat(docs.jsonPath().getString("components.schemas.ReportView.properties.situationCheck.$ref"))
			.endsWith("/SituationCheckView");
	}

	@Test
	void theUiIsPublic() {
		Response page = given().redirects().follow(true).get(baseUrl() + "/swagger-ui.html");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.asString()).containsIgnoringCase("swagger");
		assertThat(given().get(baseUrl() + "/swagger-ui/index.html").statusCode()).isEqualTo(200);
	}

	@Test
	void theApiItselfStillNeedsAToken() {
		assertThat(given().get(baseUrl() + "/api/me").statusCode()).isEqualTo(401);
	}
}
