package io.shouhu.storage;

import java.util.ArrayList;
import java.util.List;

import io.shouhu.casework.CaseworkConversions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;

/** Conversions every module's documents need in the one store. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

	@Bean
	MongoCustomConversions mongoCustomConversions() {
		List<Object> converters = new ArrayList<>(CaseworkConversions.all());
		return new MongoCustomConversions(converters);
	}
}
