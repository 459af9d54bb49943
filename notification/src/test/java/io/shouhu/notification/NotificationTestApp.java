package io.shouhu.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.shouhu.casework.JurisdictionId;
import io.shouhu.casework.ReferenceData;
import io.shouhu.casework.UserId;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;

/**
 * The notification module on its own: its beans, casework's reference data and Boot's MongoDB wiring,
 * as the server assembles them, without scheduling (tests sweep by hand).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({ MongoAutoConfiguration.class, DataMongoAutoConfiguration.class })
@ComponentScan(basePackageClasses = NotificationTestApp.class)
// As the server has it, so the properties records are registered by both the scan and the module.
@ConfigurationPropertiesScan(basePackageClasses = NotificationTestApp.class)
@Import(ReferenceData.class)
class NotificationTestApp {

	/**
	 * Stores casework's ids as plain strings, as the server does, so {@link ReferenceData} queries match.
	 * Not {@code CaseworkConversions.all()}: with Spring Data MongoDB 5.0.6 its generic converters fail
	 * registration ("Unable to determine source type <S> and target type <T>").
	 */
	@Bean
	MongoCustomConversions mongoCustomConversions() {
		return new MongoCustomConversions(List.of(UserIdWriter.INSTANCE, UserIdReader.INSTANCE,
				JurisdictionIdWriter.INSTANCE, JurisdictionIdReader.INSTANCE));
	}

	@WritingConverter
	enum UserIdWriter implements Converter<UserId, String> {

		INSTANCE;

		@Override
		public String convert(UserId source) {
			return source.value();
		}
	}

	@ReadingConverter
	enum UserIdReader implements Converter<String, UserId> {

		INSTANCE;

		@Override
		public UserId convert(String source) {
			return new UserId(source);
		}
	}

	@WritingConverter
	enum JurisdictionIdWriter implements Converter<JurisdictionId, String> {

		INSTANCE;

		@Override
		public String convert(JurisdictionId source) {
			return source.value();
		}
	}

	@ReadingConverter
	enum JurisdictionIdReader implements Converter<String, JurisdictionId> {

		INSTANCE;

		@Override
		public JurisdictionId convert(String source) {
			return new JurisdictionId(source);
		}
	}

	static ConfigurableApplicationContext start(String mongoUri, String... properties) {
		List<String> all = new ArrayList<>(List.of(properties));
		all.add("spring.mongodb.uri=" + mongoUri);
		return new SpringApplicationBuilder(NotificationTestApp.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.properties(all.toArray(String[]::new))
			.run();
	}

	/** A clock tests move by hand. */
	static final class MovableClock extends Clock {

		private volatile Instant now;

		MovableClock(Instant start) {
			this.now = start;
		}

		void advance(Duration duration) {
			now = now.plus(duration);
		}

		@Override
		public Instant instant() {
			return now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}
	}
}
