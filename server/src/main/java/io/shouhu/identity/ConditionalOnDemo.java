package io.shouhu.identity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Registers a bean or configuration only in demo mode (or, with {@code @ConditionalOnDemo(false)},
 * only outside it). Demo mode is the property {@code shouhu.demo.enabled}; when it is unset, the demo
 * is on unless an external issuer ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}) is
 * configured.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnDemoCondition.class)
public @interface ConditionalOnDemo {

	/** {@code true} to match in demo mode, {@code false} to match outside it. */
	boolean value() default true;
}
