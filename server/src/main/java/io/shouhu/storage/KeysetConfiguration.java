package io.shouhu.storage;

import java.nio.file.Files;
import java.nio.file.Path;

import io.shouhu.casework.PersonalDataKeys;
import io.shouhu.identity.ConditionalOnDemo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The keys personal data is encrypted with, from the keyset file {@code shouhu.crypto.keyset-file}.
 * In demo mode a missing keyset is generated (readable by its owner only) with one warning; outside
 * it the server refuses to start without one, since a new keyset could not read the data already
 * stored and would hide a lost or misplaced file.
 */
@Configuration(proxyBeanMethods = false)
class KeysetConfiguration {

	private static final Logger log = LoggerFactory.getLogger(KeysetConfiguration.class);

	static final String KEYSET_FILE = "${shouhu.crypto.keyset-file:./data/keyset.json}";

	@Bean
	@ConditionalOnDemo
	PersonalDataKeys demoPersonalDataKeys(@Value(KEYSET_FILE) Path file) {
		if (Files.exists(file)) {
			return PersonalDataKeys.load(file);
		}
		PersonalDataKeys keys = PersonalDataKeys.generate(file);
		log.warn("Demo mode: generated a new keyset at {} (mode 0600) to encrypt personal data. Back it up:"
				+ " without it the stored data cannot be read. Production needs its own keyset"
				+ " (docs/operations/keys.md).", file.toAbsolutePath());
		return keys;
	}

	@Bean
	@ConditionalOnDemo(false)
	PersonalDataKeys personalDataKeys(@Value(KEYSET_FILE) Path file) {
		return PersonalDataKeys.load(file);
	}
}
