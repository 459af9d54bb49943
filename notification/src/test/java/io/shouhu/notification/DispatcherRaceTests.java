package io.shouhu.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.shouhu.casework.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several dispatchers (server instances) on one store, through the real SDK against the FCM stub. */
class DispatcherRaceTests {

	static final UserId ZHANG = new UserId("zhang.wei");

	@TempDir
	Path tempDir;

	StoreFixture store;

	FcmStub fcm;

	FcmGateway gateway;

	NotificationTestApp.MovableClock clock = new NotificationTestApp.MovableClock(Instant.parse("2026-03-01T08:00:00Z"));

	Alerts alerts;

	Devices devices;

	List<PushDispatcher> dispatchers = new ArrayList<>();

	@BeforeEach
	void start() {
		store = new StoreFixture();
		fcm = FcmStub.start();
		gateway = FcmGateway.start(new FcmProperties(fcm.writeServiceAccount(tempDir).toString(), fcm.endpoint()));
		alerts = new Alerts(store.mongo);
		devices = new Devices(store.mongo, Optional.of(clock));
		devices.register(ZHANG, "tok-1", Platform.ANDROID, null, null);
	}

	@AfterEach
	void stop() throws InterruptedException {
		for (PushDispatcher dispatcher : dispatchers) {
			dispatcher.destroy();
		}
		gateway.destroy();
		fcm.close();
		store.close();
	}

	PushDispatcher dispatcher(int maxAttempts) {
		PushDispatcher dispatcher = new PushDispatcher(alerts, devices, gateway,
				new PushProperties(maxAttempts, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(60), 1),
				Optional.of(clock));
		dispatchers.add(dispatcher);
		return dispatcher;
	}

	String recordAlert(String report) {
		String id = Alerts.idFor(AlertDocument.REPORT_RECEIVED, report, ZHANG.value());
		alerts.recordIfAbsent(AlertDocument.create(id, AlertDocument.REPORT_RECEIVED, AlertDocument.HIGH, ZHANG.value(),
				"longwan", report, "shouhu://reports/" + report, clock.instant()));
		return id;
	}

	AlertDocument alert(String id) {
		return alerts.byId(id).orElseThrow();
	}

	@Test
	void ofDispatchersRacingForOneAlertExactlyOneSendsIt() throws Exception {
		String id = recordAlert("r-race");
		int racers = 8;
		List<PushDispatcher> racing = new ArrayList<>();
		for (int i = 0; i < racers; i++) {
			racing.add(dispatcher(8));
		}
		CyclicBarrier barrier = new CyclicBarrier(racers);
		ExecutorService threads = Executors.newFixedThreadPool(racers);
		try {
			List<Future<Boolean>> claims = new ArrayList<>();
			for (PushDispatcher dispatcher : racing) {
				claims.add(threads.submit(() -> {
					barrier.await();
					return dispatcher.dispatch(id);
				}));
			}
			int claimed = 0;
			for (Future<Boolean> claim : claims) {
				claimed += claim.get() ? 1 : 0;
			}
			assertThat(claimed).isEqualTo(1);
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(fcm.sentBodies()).hasSize(1);
		assertThat(alert(id).pushState()).isEqualTo(PushState.SENT);
		assertThat(alert(id).attempts()).isEqualTo(1);
		assertThat(racing.get(0).drain()).isZero();
	}

	@Test
	void theAlertOfAnInstanceThatDiedIsTakenOverWhenItsLeaseRunsOut() {
		String id = recordAlert("r-crash");
		AlertDocument staleClaim = alerts.claim(id, "instance-that-died", clock.instant(),
				clock.instant().plusSeconds(60)).orElseThrow();
		PushDispatcher survivor = dispatcher(8);

		assertThat(survivor.dispatch(id)).as("still leased").isFalse();
		assertThat(survivor.drain()).isZero();
		clock.advance(Duration.ofSeconds(61));
		assertThat(survivor.drain()).isEqualTo(1);

		assertThat(fcm.sentBodies()).hasSize(1);
		assertThat(alert(id).pushState()).isEqualTo(PushState.SENT);
		assertThat(alert(id).attempts()).isEqualTo(2);
		assertThat(alerts.finish(staleClaim, PushState.FAILED, null, List.of(), clock.instant()))
			.as("the dead instance's late outcome does not count")
			.isFalse();
		assertThat(alert(id).pushState()).isEqualTo(PushState.SENT);
	}

	@Test
	void retriesStopAtTheMaximumAttempts() {
		fcm.quotaExceeded("tok-1");
		String id = recordAlert("r-quota");
		PushDispatcher dispatcher = dispatcher(2);

		assertThat(dispatcher.dispatch(id)).isTrue();
		assertThat(alert(id).pushState()).isEqualTo(PushState.PENDING);
		assertThat(alert(id).nextAttemptAt()).as("half to all of the backoff, jittered")
			.isBetween(clock.instant().plusMillis(500), clock.instant().plusSeconds(1));
		assertThat(dispatcher.dispatch(id)).as("not due yet").isFalse();
		clock.advance(Duration.ofSeconds(1));
		assertThat(dispatcher.dispatch(id)).isTrue();

		assertThat(alert(id).pushState()).isEqualTo(PushState.FAILED);
		assertThat(alert(id).attempts()).isEqualTo(2);
		assertThat(alert(id).deliveries()).extracting(DeviceOutcome::attempt).containsExactly(1, 2);
		assertThat(fcm.sentBodies()).hasSize(2);
	}

	@Test
	void anAlertWhoseSenderKeepsDyingFailsWithoutAnotherSend() {
		String id = recordAlert("r-poison");
		for (int i = 0; i < 2; i++) {
			alerts.claim(id, "dies-mid-send", clock.instant(), clock.instant().plusSeconds(60)).orElseThrow();
			clock.advance(Duration.ofSeconds(61));
		}
		assertThat(dispatcher(2).dispatch(id)).isTrue();

		assertThat(alert(id).pushState()).isEqualTo(PushState.FAILED);
		assertThat(fcm.sentBodies()).isEmpty();
	}

	@Test
	void recordingTheSameAlertAgainChangesNothing() {
		String id = recordAlert("r-again");
		dispatcher(8).dispatch(id);
		String again = recordAlert("r-again");

		assertThat(again).isEqualTo(id);
		assertThat(alert(id).pushState()).isEqualTo(PushState.SENT);
		assertThat(store.mongo.findAll(AlertDocument.class)).hasSize(1);
	}
}
