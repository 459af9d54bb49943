package io.shouhu.identity;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

class OnDemoCondition extends SpringBootCondition {

	static final String ENABLED = "shouhu.demo.enabled";

	static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnDemo.class.getName());
		boolean wanted = attributes == null || !Boolean.FALSE.equals(attributes.get("value"));
		boolean demo = isDemo(context.getEnvironment());
		String state = "demo mode is " + (demo ? "on" : "off");
		return demo == wanted ? ConditionOutcome.match(state) : ConditionOutcome.noMatch(state);
	}

	static boolean isDemo(Environment environment) {
		String enabled = environment.getProperty(ENABLED);
		if (StringUtils.hasText(enabled)) {
			return Boolean.parseBoolean(enabled.trim());
		}
		return !StringUtils.hasText(environment.getProperty(ISSUER_URI));
	}
}
