package io.shouhu.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.shouhu.casework.JurisdictionId;
import io.shouhu.casework.ReportId;
import io.shouhu.casework.ReportReceived;
import io.shouhu.casework.Role;
import io.shouhu.casework.StaffMember;
import io.shouhu.casework.Urgency;
import io.shouhu.casework.UserId;
import org.junit.jupiter.api.Test;

/** Recording alerts and the inbox over them, with push off (the push itself is covered elsewhere). */
class AlertRecorderTests extends AlertsTestBase {

	static final JurisdictionId LONGWAN = new JurisdictionId("longwan");

	static final UserId ZHANG = new UserId("zhang.wei");

	static final UserId WANG = new UserId("wang.fang");

	Escalator escalator = escalator();

	AlertRecorder recorder = new AlertRecorder(referenceData, alerts, dispatcher, escalator, Optional.of(clock));

	void intake(UserId... users) {
		staff(LONGWAN, Role.INTAKE, users);
	}

	@Test
	void everyIntakeProsecutorGetsOneAlertHoweverOftenTheReportArrives() {
		intake(ZHANG, WANG);
		ReportReceived event = new ReportReceived(new ReportId("r-1"), LONGWAN, Urgency.IMMEDIATE_DANGER, clock.instant());

		List<String> first = recorder.record(event);
		clock.advance(Duration.ofMinutes(5));
		List<String> again = recorder.record(event);

		assertThat(again).isEqualTo(first).hasSize(2).doesNotHaveDuplicates();
		assertThat(inbox.of(ZHANG)).singleElement().satisfies(alert -> {
			assertThat(alert.type()).isEqualTo("report-received");
			assertThat(alert.priority()).isEqualTo("critical");
			assertThat(alert.reportId()).isEqualTo("r-1");
			assertThat(alert.link()).isEqualTo("shouhu://reports/r-1");
			assertThat(alert.createdAt()).as("the first recording stands").isEqualTo(Instant.parse("2026-03-01T08:00:00Z"));
			assertThat(alert.delivery()).isEqualTo("pending");
			assertThat(alert.read()).isFalse();
		});
		assertThat(inbox.of(WANG)).hasSize(1);
		assertThat(first.get(0)).matches("[0-9a-f]{32}").doesNotContain("zhang");
	}

	@Test
	void theInboxIsNewestFirstAndOnlyItsOwnerMarksRead() {
		intake(ZHANG);
		recorder.record(new ReportReceived(new ReportId("r-old"), LONGWAN, Urgency.ROUTINE, clock.instant()));
		clock.advance(Duration.ofMinutes(1));
		recorder.record(new ReportReceived(new ReportId("r-new"), LONGWAN, Urgency.URGENT, clock.instant()));

		List<InboxAlert> alerts = inbox.of(ZHANG);
		assertThat(alerts).extracting(InboxAlert::reportId).containsExactly("r-new", "r-old");
		assertThat(alerts).extracting(InboxAlert::priority).containsExactly("high", "high");

		String id = alerts.get(0).id();
		assertThat(inbox.markRead(WANG, id)).isFalse();
		assertThat(inbox.of(ZHANG).get(0).read()).isFalse();
		assertThat(inbox.markRead(ZHANG, id)).isTrue();
		assertThat(inbox.markRead(ZHANG, id)).as("again is fine").isTrue();
		assertThat(inbox.markRead(ZHANG, "no-such-alert")).isFalse();
		assertThat(inbox.of(ZHANG)).extracting(InboxAlert::read).containsExactly(true, false);
	}

	@Test
	void aJurisdictionWithoutIntakeStaffAlertsItsSupervisorInstead() {
		intake();
		when(referenceData.staffWithRole(LONGWAN, Role.SUPERVISOR))
			.thenReturn(List.of(new StaffMember(WANG, LONGWAN, Set.of(Role.SUPERVISOR))));

		recorder.record(new ReportReceived(new ReportId("r-1"), LONGWAN, Urgency.URGENT, clock.instant()));

		assertThat(inbox.of(WANG)).extracting(InboxAlert::reportId).containsExactly("r-1");
	}

	@Test
	void aJurisdictionWithNobodyToAlertRecordsNothing() {
		assertThat(recorder.record(new ReportReceived(new ReportId("r-1"), LONGWAN, Urgency.URGENT, clock.instant())))
			.isEmpty();
	}

	@Test
	void aFailureWhileRecordingFailsTheRequestSoTheHospitalsResendRecordsTheAlert() {
		ReportReceived event = new ReportReceived(new ReportId("r-1"), LONGWAN, Urgency.URGENT, clock.instant());
		when(referenceData.staffWithRole(any(), any())).thenThrow(new IllegalStateException("store down"));

		assertThatThrownBy(() -> recorder.on(event)).as("swallowing it would lose the alert")
			.isInstanceOf(IllegalStateException.class);
		assertThat(inbox.of(ZHANG)).isEmpty();

		reset(referenceData); // the store is back
		intake(ZHANG);
		recorder.on(event);
		assertThat(inbox.of(ZHANG)).extracting(InboxAlert::reportId).containsExactly("r-1");
	}

	@Test
	void theInboxPagesNewestFirstCountsTheUnreadAndTakesAcknowledgements() {
		intake(ZHANG);
		for (int i = 1; i <= 5; i++) {
			recorder.record(new ReportReceived(new ReportId("r-" + i), LONGWAN, Urgency.URGENT, clock.instant()));
			if (i != 3) {
				clock.advance(Duration.ofMinutes(1)); // r-3 and r-4 at the same millisecond: the id breaks the tie
			}
		}
		InboxPage first = inbox.page(ZHANG, null, 2);
		InboxPage second = inbox.page(ZHANG, first.next(), 2);
		InboxPage last = inbox.page(ZHANG, second.next(), 2);
		assertThat(first.alerts()).extracting(InboxAlert::reportId).containsExactly("r-5", first.alerts().get(1).reportId());
		assertThat(java.util.stream.Stream.of(first, second, last).flatMap(p -> p.alerts().stream()))
			.extracting(InboxAlert::reportId)
			.containsExactlyInAnyOrder("r-1", "r-2", "r-3", "r-4", "r-5")
			.endsWith("r-2", "r-1");
		assertThat(last.next()).isNull();
		assertThat(first.unread()).isEqualTo(5);

		String alert = first.alerts().get(0).id();
		assertThat(inbox.acknowledge(ZHANG, alert)).isTrue();
		assertThat(inbox.acknowledge(ZHANG, alert)).isTrue();
		assertThat(inbox.acknowledge(WANG, alert)).as("not theirs").isFalse();
		assertThat(inbox.acknowledge(ZHANG, "0000")).isFalse();
		InboxPage after = inbox.page(ZHANG, null, 10);
		assertThat(after.unread()).isEqualTo(4);
		assertThat(after.alerts().get(0).acknowledged()).isTrue();
		assertThat(after.alerts().get(0).read()).isTrue();
		assertThatThrownBy(() -> inbox.page(ZHANG, "not-a-cursor", 10)).isInstanceOf(IllegalArgumentException.class);
	}
}
