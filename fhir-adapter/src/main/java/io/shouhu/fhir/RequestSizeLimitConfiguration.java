package io.shouhu.fhir;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

import ca.uhn.fhir.context.FhirContext;

/**
 * The request size limit of the FHIR interface: {@code shouhu.fhir.max-request-bytes}, 20 MB unless
 * set (a number of bytes, or a size such as {@code 20MB}).
 */
@Configuration(proxyBeanMethods = false)
class RequestSizeLimitConfiguration {

	static final String MAX_REQUEST_BYTES = "shouhu.fhir.max-request-bytes";

	static final DataSize DEFAULT_MAX_REQUEST = DataSize.ofMegabytes(20);

	static long maxRequestBytes(Environment environment) {
		String configured = environment.getProperty(MAX_REQUEST_BYTES);
		return (configured == null || configured.isBlank() ? DEFAULT_MAX_REQUEST : DataSize.parse(configured.strip()))
			.toBytes();
	}

	@Bean
	FilterRegistrationBean<RequestSizeLimit> fhirRequestSizeLimit(Environment environment, FhirContext fhirContext,
			ObjectProvider<SecurityFilterProperties> security) {
		FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(
				new RequestSizeLimit(maxRequestBytes(environment), fhirContext));
		// "/fhir/*" also matches POST /fhir itself (transactions)
		registration.addUrlPatterns("/fhir/*");
		registration.setName("fhirRequestSizeLimit");
		// Right after Spring Security: a caller without a valid token is turned away before its body is
		// read, so only hospitals can make the server read (and discard) an oversize body; and HAPI,
		// a servlet, comes after every filter.
		int securityOrder = security.getIfAvailable(SecurityFilterProperties::new).getOrder();
		registration.setOrder(securityOrder + 1);
		return registration;
	}
}
