package io.shouhu.demo;

import io.shouhu.casework.ReferenceData;
import io.shouhu.identity.ConditionalOnDemo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Seeds the demo reference data at start. Every write is an upsert by id, so starting again (or
 * several instances starting at once) leaves exactly one of each.
 */
@Component
@ConditionalOnDemo
@Order(0)
class DemoDataSeeder implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoDataSeeder.class);

	private final ReferenceData referenceData;

	DemoDataSeeder(ReferenceData referenceData) {
		this.referenceData = referenceData;
	}

	@Override
	public void run(ApplicationArguments args) {
		DemoReferenceData.jurisdictions().forEach(referenceData::register);
		DemoReferenceData.hospitals().forEach(referenceData::register);
		DemoReferenceData.workstations().forEach(referenceData::register);
		log.info("Demo reference data in place: {} jurisdictions, {} hospitals, {} workstations",
				DemoReferenceData.jurisdictions().size(), DemoReferenceData.hospitals().size(),
				referenceData.workstationCount());
	}
}
