package io.shouhu.identity;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionalOnDemoTests {

	private static final String ISSUER = "spring.security.oauth2.resourceserver.jwt.issuer-uri="
			+ "https://login.example.org/realms/shouhu";

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Beans.class);

	@Test
	void demoModeIsOnWhenNothingIsConfigured() {
		runner.run(context -> assertThat(context).hasBean("demoOnly").doesNotHaveBean("productionOnly"));
	}

	@Test
	void anExternalIssuerTurnsDemoModeOff() {
		runner.withPropertyValues(ISSUER)
			.run(context -> assertThat(context).doesNotHaveBean("demoOnly").hasBean("productionOnly"));
	}

	@Test
	void thePropertyWins() {
		runner.withPropertyValues("shouhu.demo.enabled=true", ISSUER)
			.run(context -> assertThat(context).hasBean("demoOnly").doesNotHaveBean("productionOnly"));
		runner.withPropertyValues("shouhu.demo.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean("demoOnly").hasBean("productionOnly"));
	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		@ConditionalOnDemo
		String demoOnly() {
			return "demo";
		}

		@Bean
		@ConditionalOnDemo(false)
		String productionOnly() {
			return "production";
		}
	}
}
