package io.shouhu.identity;

import io.shouhu.casework.ReferenceData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Registers the demo accounts as members of staff, so that alerts and queries find them, before the
 * web server takes requests (as the demo reference data). An upsert by id: starting again, or several
 * instances at once, changes nothing.
 */
@Component
@ConditionalOnDemo
class DemoStaffSeeder implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(DemoStaffSeeder.class);

	private final ReferenceData referenceData;

	DemoStaffSeeder(ReferenceData referenceData) {
		this.referenceData = referenceData;
	}

	@Override
	public void afterSingletonsInstantiated() {
		DemoUsers.all().forEach(user -> referenceData.register(user.staffMember()));
		log.info("Demo staff in place: {} accounts", DemoUsers.all().size());
	}
}
