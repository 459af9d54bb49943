package io.shouhu.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The rules a request body under {@code /fhir} meets before HAPI reads it. */
@Configuration(proxyBeanMethods = false)
class FhirRequestRulesConfiguration {

	/** After the security filters (a caller without a token is refused before its body is read). */
	static final int BODY_RULES_ORDER = 0;

	@Bean
	FilterRegistrationBean<FhirRequestBodyRules> fhirRequestBodyRules(FhirContext fhir) {
		FilterRegistrationBean<FhirRequestBodyRules> registration = new FilterRegistrationBean<>(
				new FhirRequestBodyRules(new FhirErrorResponse(fhir)));
		registration.addUrlPatterns("/fhir", "/fhir/*");
		registration.setOrder(BODY_RULES_ORDER);
		return registration;
	}
}
