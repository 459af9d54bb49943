package io.shouhu.security;

import java.util.ArrayList;
import java.util.List;

import io.shouhu.identity.ConditionalOnDemo;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Outside the demo, refuses to start without what an external identity provider needs to be safe and
 * usable: an issuer, the audience our tokens must name (an issuer-only check would accept any token the
 * provider issues for any application), and the token endpoint hospitals are told about in the SMART
 * configuration (which cannot be derived from our own host when the provider is elsewhere).
 */
@Component
@ConditionalOnDemo(false)
class ProductionIdentityCheck implements InitializingBean {

	static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

	static final String AUDIENCES = "spring.security.oauth2.resourceserver.jwt.audiences";

	static final String SMART_TOKEN_ENDPOINT = "shouhu.fhir.smart.token-endpoint";

	private final Environment environment;

	ProductionIdentityCheck(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void afterPropertiesSet() {
		List<String> missing = new ArrayList<>();
		for (String property : List.of(ISSUER_URI, AUDIENCES, SMART_TOKEN_ENDPOINT)) {
			if (!StringUtils.hasText(environment.getProperty(property))) {
				missing.add(property);
			}
		}
		if (!missing.isEmpty()) {
			throw new IllegalStateException("The demo identity provider is off (shouhu.demo.enabled=false or an "
					+ "external issuer is set), so an external OpenID provider must be configured; missing: "
					+ String.join(", ", missing) + ". See docs/operations/identity.md.");
		}
	}
}
