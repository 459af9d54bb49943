package io.shouhu.notification;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.shouhu.casework.CaseManagement;
import io.shouhu.casework.JurisdictionId;
import io.shouhu.casework.ReferenceData;
import io.shouhu.casework.Role;
import io.shouhu.casework.StaffMember;
import io.shouhu.casework.Triage;
import io.shouhu.casework.UserId;
import org.junit.jupiter.api.AfterEach;

/**
 * What the alert tests stand on: an in-memory store, a clock they move, casework's staff, triage and
 * cases as mocks, and the notification parts as the application wires them, with push off (the push
 * itself is covered by {@link PushEndToEndTests}).
 */
abstract class AlertsTestBase {

	final StoreFixture store = new StoreFixture();

	final NotificationTestApp.MovableClock clock = new NotificationTestApp.MovableClock(
			Instant.parse("2026-03-01T08:00:00Z"));

	final ReferenceData referenceData = mock(ReferenceData.class);

	final Triage triage = mock(Triage.class);

	final CaseManagement cases = mock(CaseManagement.class);

	final Alerts alerts = new Alerts(store.mongo);

	final PushDispatcher dispatcher = new PushDispatcher(alerts, new Devices(store.mongo, Optional.of(clock)),
			FcmGateway.start(new FcmProperties(null, null)),
			new PushProperties(8, Duration.ofSeconds(15), Duration.ofMinutes(10), Duration.ofSeconds(60), 1),
			Optional.of(clock));

	final Escalations escalations = escalations();

	/** The chains as a real MongoDB finds them due, by query; the embedded store's variant overrides this. */
	Escalations escalations() {
		return new Escalations(store.mongo);
	}

	/** The default policy: 10 min critical, 30 min high, intake → supervisor → deputy chief, two loops. */
	final EscalationProperties policy = new EscalationProperties(Duration.ofMinutes(10), Duration.ofMinutes(30),
			List.of("intake", "supervisor", "deputy-chief"), 2, null);

	final QuietHoursPreferences quiet = new QuietHoursPreferences(store.mongo);

	final QuietHoursPolicy quietHours = new QuietHoursPolicy(quiet, alerts);

	final Inbox inbox = new Inbox(alerts, escalations, Optional.of(clock));

	/** An escalator over the same store: another one is another server instance, or one restarted. */
	Escalator escalator() {
		return new Escalator(escalations, alerts, dispatcher, referenceData, Optional.of(triage), Optional.of(cases),
				policy, Optional.of(clock));
	}

	/** The members of a role in a jurisdiction, as casework's reference data names them. */
	void staff(JurisdictionId jurisdiction, Role role, UserId... users) {
		when(referenceData.staffWithRole(jurisdiction, role)).thenReturn(
				Arrays.stream(users).map(user -> new StaffMember(user, jurisdiction, Set.of(role))).toList());
	}

	@AfterEach
	void stopPushAndStore() throws InterruptedException {
		dispatcher.destroy();
		store.close();
	}
}
