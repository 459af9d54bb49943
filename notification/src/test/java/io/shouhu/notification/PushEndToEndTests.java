package io.shouhu.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.jayway.jsonpath.JsonPath;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Query;

/** From ReportReceived to the request FCM receives, through the real Firebase Admin SDK. */
@ExtendWith(OutputCaptureExtension.class)
class PushEndToEndTests {

	static final JurisdictionId LONGWAN = new JurisdictionId("longwan");

	static final UserId ZHANG = new UserId("zhang.wei");

	static final UserId LI = new UserId("li.na");

	@TempDir
	Path tempDir;

	MongoServer mongoServer;

	String mongoUri;

	FcmStub fcm;

	ConfigurableApplicationContext context;

	@BeforeEach
	void start() {
		mongoServer = new MongoServer(new MemoryBackend());
		mongoUri = mongoServer.bindAndGetConnectionString() + "/shouhu";
		fcm = FcmStub.start();
		context = startInstance();
		ReferenceData referenceData = context.getBean(ReferenceData.class);
		referenceData.register(new StaffMember(ZHANG, LONGWAN, Set.of(Role.INTAKE, Role.PROSECUTOR)));
		referenceData.register(new StaffMember(LI, LONGWAN, Set.of(Role.PROSECUTOR)));
	}

	ConfigurableApplicationContext startInstance() {
		return NotificationTestApp.start(mongoUri,
				"shouhu.notification.fcm.credentials-file=" + fcm.writeServiceAccount(tempDir),
				"shouhu.notification.fcm.endpoint=" + fcm.endpoint(), "shouhu.notification.push.first-retry=1s");
	}

	@AfterEach
	void stop() {
		context.close();
		fcm.close();
		mongoServer.shutdownNow();
	}

	@Test
	void aReceivedReportIsPushedToIntakeAsDataOnlyWithoutPersonalData(CapturedOutput output) {
		devices().register(ZHANG, "fcm-token-1", Platform.ANDROID, "1.0.0", "zh-CN");
		ReportId report = new ReportId("3f0c2a8e-1d7b-4c55-9e0a-7a1b2c3d4e5f");

		context.publishEvent(new ReportReceived(report, LONGWAN, Urgency.IMMEDIATE_DANGER, Instant.now()));

		await().atMost(Duration.ofSeconds(10)).until(() -> delivery(ZHANG).equals("sent"));
		List<String> bodies = fcm.sentBodies();
		assertThat(bodies).hasSize(1);
		String body = bodies.get(0);
		InboxAlert alert = inbox().of(ZHANG).get(0);
		assertThat(JsonPath.<String>read(body, "$.message.token")).isEqualTo("fcm-token-1");
		assertThat(JsonPath.<Map<String, Object>>read(body, "$.message.data")).containsExactlyInAnyOrderEntriesOf(
				Map.of("type", "report-received", "alertId", alert.id(), "reportId", report.value(), "priority",
						"critical", "link", "shouhu://reports/" + report.value()));
		assertThat(JsonPath.<String>read(body, "$.message.android.priority")).isEqualTo("high");
		assertThat(JsonPath.<String>read(body, "$.message.apns.headers.apns-priority")).isEqualTo("10");
		assertThat(JsonPath.<Integer>read(body, "$.message.apns.payload.aps.content-available")).isEqualTo(1);
		assertThat(JsonPath.<Map<String, Object>>read(body, "$.message")).doesNotContainKey("notification");
		// Neither the recipient's login nor anyone else's travels through FCM, not even inside the alert id.
		assertThat(body).doesNotContain(ZHANG.value()).doesNotContain(LI.value()).doesNotContain("zhang");
		assertThat(alert.link()).isEqualTo("shouhu://reports/" + report.value());
		assertThat(alert.priority()).isEqualTo("critical");
		assertThat(inbox().of(LI)).as("only intake is alerted").isEmpty();
		assertThat(output.getAll()).contains("push is on").doesNotContain("fcm-token-1").doesNotContain(ZHANG.value());
	}

	@Test
	void theSameReportReceivedTwiceMakesOneAlertAndOnePush() {
		devices().register(ZHANG, "tok-zhang", Platform.IOS, null, null);
		ReportId report = new ReportId("r-twice");

		context.publishEvent(new ReportReceived(report, LONGWAN, Urgency.URGENT, Instant.now()));
		context.publishEvent(new ReportReceived(report, LONGWAN, Urgency.URGENT, Instant.now().plusSeconds(5)));
		await().atMost(Duration.ofSeconds(10)).until(() -> delivery(ZHANG).equals("sent"));
		context.publishEvent(new ReportReceived(report, LONGWAN, Urgency.URGENT, Instant.now().plusSeconds(9)));
		dispatcher().drain();

		assertThat(mongo().count(new Query(), AlertDocument.class)).isEqualTo(1);
		assertThat(inbox().of(ZHANG)).singleElement().satisfies(alert -> assertThat(alert.priority()).isEqualTo("high"));
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> fcm.sentBodies().size() == 1);
	}

	@Test
	void anUnregisteredTokenRetiresItsDeviceAndTheOthersStillGetThePush() {
		devices().register(ZHANG, "tok-uninstalled", Platform.ANDROID, null, null);
		String live = devices().register(ZHANG, "tok-live", Platform.ANDROID, null, null);
		fcm.unregistered("tok-uninstalled");

		context.publishEvent(new ReportReceived(new ReportId("r-unreg"), LONGWAN, Urgency.ROUTINE, Instant.now()));

		await().atMost(Duration.ofSeconds(10)).until(() -> delivery(ZHANG).equals("sent"));
		assertThat(fcm.sentBodies("tok-uninstalled")).hasSize(1);
		assertThat(fcm.sentBodies("tok-live")).hasSize(1);
		assertThat(devices().activeFor(ZHANG)).extracting(Device::id).containsExactly(live);
		AlertDocument alert = mongo().findAll(AlertDocument.class).get(0);
		assertThat(alert.deliveries()).extracting(DeviceOutcome::outcome, DeviceOutcome::code)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("retired", "UNREGISTERED"),
					org.assertj.core.groups.Tuple.tuple("delivered", null));
	}

	@Test
	void whenTheOnlyDeviceIsUnregisteredTheAlertStaysInTheInboxWithoutADevice() {
		devices().register(ZHANG, "tok-uninstalled", Platform.ANDROID, null, null);
		fcm.unregistered("tok-uninstalled");

		context.publishEvent(new ReportReceived(new ReportId("r-gone"), LONGWAN, Urgency.ROUTINE, Instant.now()));

		await().atMost(Duration.ofSeconds(10)).until(() -> delivery(ZHANG).equals("no-device"));
		assertThat(devices().activeFor(ZHANG)).isEmpty();
		assertThat(inbox().of(ZHANG)).hasSize(1);
	}

	@Test
	void withoutAnyDeviceTheAlertIsInTheInboxOnly() {
		context.publishEvent(new ReportReceived(new ReportId("r-nodev"), LONGWAN, Urgency.ROUTINE, Instant.now()));

		await().atMost(Duration.ofSeconds(10)).until(() -> delivery(ZHANG).equals("no-device"));
		assertThat(fcm.sentBodies()).isEmpty();
	}

	@Test
	void aRefusedSendIsRetriedWithBackoffUntilItGoesThrough() {
		devices().register(ZHANG, "tok-busy", Platform.ANDROID, null, null);
		fcm.quotaExceeded("tok-busy");

		context.publishEvent(new ReportReceived(new ReportId("r-busy"), LONGWAN, Urgency.ROUTINE, Instant.now()));

		await().atMost(Duration.ofSeconds(10)).until(() -> fcm.sentBodies().size() == 1 && delivery(ZHANG).equals("pending"));
		AlertDocument pending = mongo().findAll(AlertDocument.class).get(0);
		assertThat(pending.attempts()).isEqualTo(1);
		assertThat(pending.nextAttemptAt()).isAfter(Instant.now());
		assertThat(pending.deliveries()).singleElement().satisfies(outcome -> {
			assertThat(outcome.outcome()).isEqualTo("retry");
			assertThat(outcome.code()).isEqualTo("QUOTA_EXCEEDED");
		});
		assertThat(dispatcher().drain()).as("not due before its backoff").isZero();

		fcm.reset();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			dispatcher().drain();
			return delivery(ZHANG).equals("sent");
		});
		assertThat(mongo().findAll(AlertDocument.class).get(0).attempts()).isEqualTo(2);
		assertThat(fcm.sentBodies()).hasSize(1);
	}

	@Test
	void a503AfterTheSdksOwnRetriesIsRetriedLater() {
		devices().register(ZHANG, "tok-503", Platform.ANDROID, null, null);
		fcm.unavailable("tok-503");

		context.publishEvent(new ReportReceived(new ReportId("r-503"), LONGWAN, Urgency.ROUTINE, Instant.now()));

		await().atMost(Duration.ofSeconds(20)).until(() -> delivery(ZHANG).equals("pending"));
		AlertDocument pending = mongo().findAll(AlertDocument.class).get(0);
		assertThat(pending.deliveries()).singleElement().satisfies(outcome -> {
			assertThat(outcome.outcome()).isEqualTo("retry");
			assertThat(outcome.code()).isEqualTo("UNAVAILABLE HTTP 503");
		});
		assertThat(fcm.sentBodies("tok-503")).as("the SDK retried four times itself").hasSize(5);
	}

	@Test
	void twoInstancesSharingTheStoreSendAnAlertOnce() {
		devices().register(ZHANG, "tok-zhang", Platform.ANDROID, null, null);
		ConfigurableApplicationContext other = startInstance();
		try {
			ReportReceived event = new ReportReceived(new ReportId("r-both"), LONGWAN, Urgency.URGENT, Instant.now());
			// Both record (one insert wins) and both dispatch at once.
			Thread thread = new Thread(() -> other.publishEvent(event));
			thread.start();
			context.publishEvent(event);
			await().atMost(Duration.ofSeconds(10)).until(() -> delivery(ZHANG).equals("sent"));
			other.getBean(PushDispatcher.class).drain();
			dispatcher().drain();
			assertThat(fcm.sentBodies()).hasSize(1);
			assertThat(mongo().count(new Query(), AlertDocument.class)).isEqualTo(1);
		}
		finally {
			other.close();
		}
		// The other instance's Firebase app is gone, this one's still sends.
		context.publishEvent(new ReportReceived(new ReportId("r-after"), LONGWAN, Urgency.URGENT, Instant.now()));
		await().atMost(Duration.ofSeconds(10)).until(() -> fcm.sentBodies().size() == 2);
	}

	String delivery(UserId user) {
		List<InboxAlert> alerts = inbox().of(user);
		return alerts.isEmpty() ? "" : alerts.get(0).delivery();
	}

	Devices devices() {
		return context.getBean(Devices.class);
	}

	Inbox inbox() {
		return context.getBean(Inbox.class);
	}

	PushDispatcher dispatcher() {
		return context.getBean(PushDispatcher.class);
	}

	MongoOperations mongo() {
		return context.getBean(MongoOperations.class);
	}
}
