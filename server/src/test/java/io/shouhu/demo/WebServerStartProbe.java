package io.shouhu.demo;

import io.shouhu.casework.ReferenceData;
import io.shouhu.identity.DemoUsers;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * What the store held when the web server opened, in the integration tests' server: the demo
 * workstations and staff a hospital's or a prosecutor's first request needs.
 */
@Component
class WebServerStartProbe implements ApplicationListener<WebServerInitializedEvent> {

	private final ReferenceData referenceData;

	private volatile long workstations = -1;

	private volatile long staff = -1;

	WebServerStartProbe(ReferenceData referenceData) {
		this.referenceData = referenceData;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		workstations = referenceData.workstationCount();
		staff = DemoUsers.all().stream().filter(user -> referenceData.staffMember(user.staffMember().id()).isPresent()).count();
	}

	long workstations() {
		return workstations;
	}

	long staff() {
		return staff;
	}
}
