package io.shouhu.operations;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.shouhu.ShouhuIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The operator's first look at night: the health endpoint, open and true on the embedded defaults. */
class HealthIntegrationTests extends ShouhuIntegrationTest {

	@Test
	void theServerIsUpOnTheEmbeddedStore() {
		given().baseUri(baseUrl()).get("/actuator/health").then().statusCode(200).body("status", equalTo("UP"));
	}

	@Test
	void springSecurityIsNotObservedOnEveryRequest(@Autowired ObservationRegistry observations) {
		assertThat(Observation.start("spring.security.filterchains", observations).isNoop()).isTrue();
		assertThat(Observation.start("http.server.requests", observations).isNoop()).isFalse();
	}
}
