package io.shouhu.fhir;

import java.time.Clock;
import java.util.List;

import io.shouhu.casework.ReferenceData;
import io.shouhu.casework.ReportIntake;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;

/**
 * The hospital-facing FHIR R4 server at {@code /fhir}, and the application's one {@link FhirContext}
 * (it is expensive to build and thread-safe: inject it, never create another).
 */
@Configuration(proxyBeanMethods = false)
public class FhirServerConfiguration {

	/**
	 * The application's FHIR R4 context.
	 * @return the one context of the application
	 */
	@Bean
	public FhirContext fhirContext() {
		FhirContext context = FhirContext.forR4();
		// Lenient about unknown elements, strict about invalid values (a 400), and silent: the
		// default handler logs the offending values, which may be a child's personal data.
		context.setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(true));
		return context;
	}

	@Bean
	ServletRegistrationBean<RestfulServer> fhirServlet(FhirContext fhirContext, ReportIntake intake,
			ReferenceData referenceData, ObjectProvider<Clock> clock) {
		RestfulServer server = restfulServer(fhirContext, intake, referenceData,
				clock.getIfAvailable(Clock::systemUTC));
		ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
		registration.setName("fhir");
		registration.setLoadOnStartup(1);
		return registration;
	}

	@Bean
	ServletRegistrationBean<SmartConfigurationServlet> smartConfigurationServlet(Environment environment) {
		// An exact mapping wins over /fhir/*, so HAPI never sees this path.
		ServletRegistrationBean<SmartConfigurationServlet> registration = new ServletRegistrationBean<>(
				new SmartConfigurationServlet(environment.getProperty("shouhu.fhir.smart.token-endpoint"),
						environment.getProperty("shouhu.fhir.smart.jwks-uri")),
				SmartConfigurationServlet.PATH);
		registration.setName("smartConfiguration");
		return registration;
	}

	static RestfulServer restfulServer(FhirContext fhirContext, ReportIntake intake, ReferenceData referenceData,
			Clock clock) {
		ReportTasks tasks = new ReportTasks(referenceData);
		RestfulServer server = new RestfulServer(fhirContext);
		server.setServerName("Shouhu");
		server.setImplementationDescription("Shouhu mandatory reporting of suspected harm to minors");
		server.setDefaultResponseEncoding(EncodingEnum.JSON);
		server.setResourceProviders(List.of(new TaskResourceProvider(intake, tasks)));
		server.registerInterceptor(new RequestErrorRedaction());
		server.setPlainProviders(List.of(new ProcessMessageProvider(new ReportMessageReader(fhirContext, clock),
				intake, tasks, clock)));
		return server;
	}
}
