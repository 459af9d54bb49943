package io.shouhu.demo;

import io.shouhu.casework.ReferenceData;
import io.shouhu.identity.ConditionalOnDemo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Seeds the demo reference data at start, before the web server takes requests: seeded by an
 * application runner, after the server had opened, a demo hospital's first report could come before
 * its workstations and be refused. It runs while the FHIR validator warms up on its own thread, which
 * the web server waits for anyway. Every write is an upsert by id, so starting again (or several
 * instances starting at once) leaves exactly one of each.
 */
@Component
@ConditionalOnDemo
class DemoDataSeeder implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(DemoDataSeeder.class);

	private final ReferenceData referenceData;

	DemoDataSeeder(ReferenceData referenceData) {
		this.referenceData = referenceData;
	}

	@Override
	public void afterSingletonsInstantiated() {
		DemoReferenceData.jurisdictions().forEach(referenceData::register);
		DemoReferenceData.hospitals().forEach(referenceData::register);
		DemoReferenceData.workstations().forEach(referenceData::register);
		log.info("Demo reference data in place: {} jurisdictions, {} hospitals, {} workstations",
				DemoReferenceData.jurisdictions().size(), DemoReferenceData.hospitals().size(),
				referenceData.workstationCount());
	}
}
