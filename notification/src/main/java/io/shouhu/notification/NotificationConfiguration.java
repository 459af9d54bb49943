package io.shouhu.notification;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Push wiring; the services of this package are picked up by component scanning. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ FcmProperties.class, PushProperties.class, EscalationProperties.class })
class NotificationConfiguration {

	@Bean
	FcmGateway fcmGateway(FcmProperties properties) {
		return FcmGateway.start(properties);
	}
}
