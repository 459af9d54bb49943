package io.shouhu.identity;

import io.shouhu.casework.ReferenceData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Registers the demo accounts as members of staff, so that alerts and queries find them. An upsert
 * by id: starting again, or several instances at once, changes nothing.
 */
@Component
@ConditionalOnDemo
@Order(1)
class DemoStaffSeeder implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoStaffSeeder.class);

	private final ReferenceData referenceData;

	DemoStaffSeeder(ReferenceData referenceData) {
		this.referenceData = referenceData;
	}

	@Override
	public void run(ApplicationArguments args) {
		DemoUsers.all().forEach(user -> referenceData.register(user.staffMember()));
		log.info("Demo staff in place: {} accounts", DemoUsers.all().size());
	}
}
