package io.shouhu.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.shouhu.casework.JurisdictionId;
import io.shouhu.casework.ReferenceData;
import io.shouhu.casework.ReportId;
import io.shouhu.casework.ReportReceived;
import io.shouhu.casework.Role;
import io.shouhu.casework.StaffMember;
import io.shouhu.casework.Urgency;
import io.shouhu.casework.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** Without FCM credentials: one warning, and alerts still reach the inbox. */
@ExtendWith(OutputCaptureExtension.class)
class PushOffTests {

	static final UserId ZHANG = new UserId("zhang.wei");

	@Test
	void withoutCredentialsPushIsOffAndAlertsGoToTheInbox(CapturedOutput output) {
		MongoServer mongoServer = new MongoServer(new MemoryBackend());
		try (ConfigurableApplicationContext context = NotificationTestApp
			.start(mongoServer.bindAndGetConnectionString() + "/shouhu", "shouhu.notification.fcm.credentials-file=")) {
			JurisdictionId longwan = new JurisdictionId("longwan");
			context.getBean(ReferenceData.class).register(new StaffMember(ZHANG, longwan, Set.of(Role.INTAKE)));
			context.getBean(Devices.class).register(ZHANG, "tok-1", Platform.ANDROID, null, null);

			context.publishEvent(new ReportReceived(new ReportId("r-1"), longwan, Urgency.URGENT, Instant.now()));
			context.getBean(PushDispatcher.class).sweep();

			assertThat(context.getBean(Inbox.class).of(ZHANG)).singleElement()
				.satisfies(alert -> assertThat(alert.delivery()).isEqualTo("pending"));
			assertThat(context.getBean(PushDispatcher.class).drain()).isZero();
		}
		finally {
			mongoServer.shutdownNow();
		}
		String warning = "push is off: no shouhu.notification.fcm.credentials-file";
		assertThat(output.getAll().split(warning, -1)).as("exactly one warning").hasSize(2);
		assertThat(output.getAll()).contains("WARN");
	}
}
