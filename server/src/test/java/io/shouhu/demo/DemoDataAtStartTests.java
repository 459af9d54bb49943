package io.shouhu.demo;

import io.shouhu.ShouhuIntegrationTest;
import io.shouhu.identity.DemoUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo data is in place before the server takes its first request: a demo hospital's first report
 * right after the start must find its workstation, and the first login its member of staff.
 */
class DemoDataAtStartTests extends ShouhuIntegrationTest {

	@Autowired
	WebServerStartProbe probe;

	@Test
	void everyDemoWorkstationAndMemberOfStaffIsStoredBeforeTheWebServerOpens() {
		assertThat(probe.workstations()).isEqualTo(DemoReferenceData.workstations().size());
		assertThat(probe.staff()).isEqualTo(DemoUsers.all().size());
	}
}
