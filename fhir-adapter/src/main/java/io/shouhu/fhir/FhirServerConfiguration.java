package io.shouhu.fhir;

import java.time.Clock;
import java.util.List;

import io.shouhu.casework.ReferenceData;
import io.shouhu.casework.ReportIntake;
import io.shouhu.casework.Reportability;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
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

	/** The validator of incoming reports, against the implementation guide's profiles. */
	@Bean
	ReportValidator reportValidator(FhirContext fhirContext) {
		return new ReportValidator(fhirContext);
	}

	/** Warms the validator up beside the rest of the start, and opens the web server only after. */
	@Bean
	ValidatorWarmUp reportValidatorWarmUp(ReportValidator validator) {
		return new ValidatorWarmUp(validator);
	}

	/** "Is this reportable?", as the assessment operation and the CDS Hooks services ask it. */
	@Bean
	ReportabilityCheck reportabilityCheck(Reportability reportability, ReferenceData referenceData,
			ObjectProvider<Clock> clock) {
		return new ReportabilityCheck(reportability, referenceData, clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	ServletRegistrationBean<RestfulServer> fhirServlet(FhirContext fhirContext, ReportValidator validator,
			ReportIntake intake, ReferenceData referenceData, ReportabilityCheck reportability, ObjectProvider<Clock> clock) {
		RestfulServer server = restfulServer(fhirContext, validator, intake, referenceData, reportability,
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

	static RestfulServer restfulServer(FhirContext fhirContext, ReportValidator validator, ReportIntake intake,
			ReferenceData referenceData, ReportabilityCheck reportability, Clock clock) {
		ReportTasks tasks = new ReportTasks(referenceData);
		RestfulServer server = new RestfulServer(fhirContext);
		server.setServerName("Shouhu");
		server.setImplementationDescription("Shouhu mandatory reporting of suspected harm to minors");
		server.setDefaultResponseEncoding(EncodingEnum.JSON);
		// The guide's snapshots come from the warmed-up validator: asked for on first use, not here.
		server.setResourceProviders(List.of(new TaskResourceProvider(intake, tasks),
				new ConformanceResourceProvider(StructureDefinition.class, () -> validator.guide().structureDefinitions()),
				new ConformanceResourceProvider(CodeSystem.class, () -> validator.guide().codeSystems()),
				new ConformanceResourceProvider(ValueSet.class, () -> validator.guide().valueSets())));
		server.registerInterceptor(new RequestErrorRedaction());
		server.registerInterceptor(new CapabilityStatementProfiles(validator::guide));
		ProcessMessageProvider messages = new ProcessMessageProvider(validator,
				new ReportMessageReader(fhirContext, clock), intake, tasks, clock);
		server.setPlainProviders(List.of(messages, new TransactionProvider(messages, intake),
				new ReportabilityProvider(reportability)));
		return server;
	}
}
