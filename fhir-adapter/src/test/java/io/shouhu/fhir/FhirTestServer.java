package io.shouhu.fhir;

import jakarta.servlet.Filter;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The FHIR server as the application registers it (providers, the request size limit and body rules)
 * on a real Tomcat; casework is mocked by the tests, and the hospital is named in a test
 * header (see {@link FhirServerTests.TestAuthentication}).
 */
@SpringBootConfiguration
@Import({ FhirServerConfiguration.class, RequestSizeLimitConfiguration.class, FhirRequestRulesConfiguration.class,
		io.shouhu.casework.Reportability.class })
class FhirTestServer {

	/** A small limit, so that the tests need not send megabytes to pass it. */
	static final String LIMIT = "shouhu.fhir.max-request-bytes=100000";

	static final int MAX_BYTES = 100_000;

	/** Resolves the defaults in {@code @Value} placeholders, e.g. of casework's reportability rules. */
	@Bean
	static org.springframework.context.support.PropertySourcesPlaceholderConfigurer placeholders() {
		return new org.springframework.context.support.PropertySourcesPlaceholderConfigurer();
	}

	@Bean
	TomcatServletWebServerFactory tomcat() {
		return new TomcatServletWebServerFactory(0);
	}

	@Bean
	FilterRegistrationBean<Filter> testAuthentication() {
		return new FilterRegistrationBean<>(new FhirServerTests.TestAuthentication());
	}
}
