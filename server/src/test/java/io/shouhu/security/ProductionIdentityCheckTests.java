package io.shouhu.security;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Outside the demo the server will not start half-configured for an external identity provider. */
class ProductionIdentityCheckTests {

	final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(ProductionIdentityCheck.class);

	@Test
	void withTheDemoOffAndNothingConfiguredItRefusesToStartAndSaysWhatIsMissing() {
		context.withPropertyValues("shouhu.demo.enabled=false").run(started -> {
			assertThat(started).hasFailed();
			assertThat(started.getStartupFailure()).rootCause()
				.hasMessageContaining("spring.security.oauth2.resourceserver.jwt.issuer-uri")
				.hasMessageContaining("spring.security.oauth2.resourceserver.jwt.audiences")
				.hasMessageContaining("shouhu.fhir.smart.token-endpoint");
		});
	}

	@Test
	void anIssuerAloneIsNotEnough() {
		context.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=https://idp.example/realms/x")
			.run(started -> assertThat(started.getStartupFailure()).rootCause()
				.hasMessageContaining("audiences")
				.hasMessageNotContaining("issuer-uri,"));
	}

	@Test
	void fullyConfiguredItStarts() {
		context
			.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=https://idp.example/realms/x",
					"spring.security.oauth2.resourceserver.jwt.audiences=shouhu",
					"shouhu.fhir.smart.token-endpoint=https://idp.example/realms/x/protocol/openid-connect/token")
			.run(started -> assertThat(started).hasNotFailed());
	}

	@Test
	void inTheDemoItIsNotThere() {
		context.run(started -> assertThat(started).hasNotFailed().doesNotHaveBean(ProductionIdentityCheck.class));
	}
}
