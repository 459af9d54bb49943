package io.shouhu.operations;

import io.shouhu.ShouhuIntegrationTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** The operator's first look at night: the health endpoint, open and true on the embedded defaults. */
class HealthIntegrationTests extends ShouhuIntegrationTest {

	@Test
	void theServerIsUpOnTheEmbeddedStore() {
		given().baseUri(baseUrl()).get("/actuator/health").then().statusCode(200).body("status", equalTo("UP"));
	}
}
