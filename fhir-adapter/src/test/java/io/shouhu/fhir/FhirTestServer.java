package io.shouhu.fhir;

import io.shouhu.casework.ReportIntake;
import jakarta.servlet.Filter;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import ca.uhn.fhir.rest.server.RestfulServer;

/**
 * The FHIR server as the application registers it, with the request size limit and the transaction
 * provider, on a real Tomcat; casework is mocked by the tests, and the hospital is named in a test
 * header (see {@link FhirServerTests.TestAuthentication}).
 */
@SpringBootConfiguration
@Import({ FhirServerConfiguration.class, RequestSizeLimitConfiguration.class })
class FhirTestServer {

	/** A small limit, so that the tests need not send megabytes to pass it. */
	static final String LIMIT = "shouhu.fhir.max-request-bytes=100000";

	static final int MAX_BYTES = 100_000;

	@Bean
	TomcatServletWebServerFactory tomcat() {
		return new TomcatServletWebServerFactory(0);
	}

	@Bean
	FilterRegistrationBean<Filter> testAuthentication() {
		return new FilterRegistrationBean<>(new FhirServerTests.TestAuthentication());
	}

	/**
	 * Adds the transaction provider the way FhirServerConfiguration is to: beside the message
	 * provider it hands transactions to. Harmless once it does (nothing is added twice).
	 */
	@Bean
	static BeanPostProcessor transactionProvider(ObjectProvider<ReportIntake> intake) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String name) throws BeansException {
				if (bean instanceof ServletRegistrationBean<?> registration
						&& registration.getServlet() instanceof RestfulServer server
						&& server.getPlainProviders().stream().noneMatch(TransactionProvider.class::isInstance)) {
					server.getPlainProviders()
						.stream()
						.filter(ProcessMessageProvider.class::isInstance)
						.map(ProcessMessageProvider.class::cast)
						.findFirst()
						.ifPresent(messages -> server.registerProvider(new TransactionProvider(messages, intake.getObject())));
				}
				return bean;
			}
		};
	}
}
