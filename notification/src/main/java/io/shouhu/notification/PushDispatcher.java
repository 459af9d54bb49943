package io.shouhu.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.firebase.ErrorCode;
import com.google.firebase.messaging.BatchResponse;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.MessagingErrorCode;
import com.google.firebase.messaging.SendResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Pushes recorded alerts. Each attempt first claims its alert with a lease in the shared store, so of
 * several server instances only one sends it, and the alerts of an instance that died are taken over
 * once their lease runs out. Runs on a small executor of its own, never on the thread that recorded the
 * alert nor on the shared scheduler thread.
 */
@Component
class PushDispatcher implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(PushDispatcher.class);

	/** Alerts one sweep sends at most, so a backlog does not hold a thread for long. */
	private static final int SWEEP_LIMIT = 200;

	private final Alerts alerts;

	private final Devices devices;

	private final FcmGateway fcm;

	private final PushProperties properties;

	private final Clock clock;

	private final String instance = UUID.randomUUID().toString();

	private final ThreadPoolExecutor executor;

	private final AtomicBoolean sweeping = new AtomicBoolean();

	PushDispatcher(Alerts alerts, Devices devices, FcmGateway fcm, PushProperties properties, Optional<Clock> clock) {
		this.alerts = alerts;
		this.devices = devices;
		this.fcm = fcm;
		this.properties = properties;
		this.clock = clock.orElse(Clock.systemUTC());
		AtomicInteger threadNumber = new AtomicInteger();
		// Bounded, refusing when full: a refused dispatch loses nothing (the sweep finds the alert
		// pending), and a refused sweep is seen by execute() so the next sweep can run.
		this.executor = new ThreadPoolExecutor(properties.threads(), properties.threads(), 0, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(1000), task -> {
					Thread thread = new Thread(task, "shouhu-push-" + threadNumber.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				}, new ThreadPoolExecutor.AbortPolicy());
	}

	/** Pushes an alert soon, off the caller's thread. */
	void dispatchSoon(String alertId) {
		if (!fcm.pushOn()) {
			return;
		}
		execute(() -> dispatch(alertId));
	}

	@Scheduled(fixedDelayString = "${shouhu.notification.push.sweep-interval:5s}",
			initialDelayString = "${shouhu.notification.push.sweep-interval:5s}")
	void sweep() {
		if (!fcm.pushOn() || !sweeping.compareAndSet(false, true)) {
			return;
		}
		if (!execute(() -> {
			try {
				drain();
			}
			finally {
				sweeping.set(false);
			}
		})) {
			sweeping.set(false);
		}
	}

	private boolean execute(Runnable task) {
		try {
			executor.execute(() -> {
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					// A claimed alert stays claimed until its lease runs out; then a sweep retries it. Only
					// the exception's class: store errors can quote document content, tokens included.
					log.error("push dispatch failed: {}", ex.getClass().getName());
				}
			});
			return true;
		}
		catch (RejectedExecutionException fullOrShuttingDown) {
			return false;
		}
	}

	/** Pushes one alert now if it is due and no other instance has it. @return whether it was claimed */
	boolean dispatch(String alertId) {
		if (!fcm.pushOn()) {
			// Leave it pending for an instance that can push; claiming it here would only delay it.
			return false;
		}
		Instant now = clock.instant();
		Optional<AlertDocument> claimed = alerts.claim(alertId, instance, now, now.plus(properties.lease()));
		claimed.ifPresent(this::send);
		return claimed.isPresent();
	}

	/** Pushes the alerts that are due, oldest first. @return how many were claimed */
	int drain() {
		int claimed = 0;
		while (claimed < SWEEP_LIMIT && dispatch(null)) {
			claimed++;
		}
		return claimed;
	}

	private void send(AlertDocument alert) {
		int attempt = alert.attempts();
		if (attempt > properties.maxAttempts()) {
			// Claimed again after its last attempt's sender died mid-send: give up rather than loop.
			finish(alert, PushState.FAILED, List.of());
			return;
		}
		List<DeviceDocument> targets = devices.activeDocumentsOf(alert.recipient());
		if (targets.isEmpty()) {
			finish(alert, PushState.NO_DEVICE, List.of());
			return;
		}
		List<DeviceOutcome> outcomes = new ArrayList<>();
		Duration[] retryAfter = new Duration[1];
		for (int from = 0; from < targets.size(); from += FcmGateway.MAX_BATCH) {
			List<DeviceDocument> batch = targets.subList(from, Math.min(targets.size(), from + FcmGateway.MAX_BATCH));
			outcomes.addAll(sendBatch(alert, batch, retryAfter));
		}
		boolean delivered = outcomes.stream().anyMatch(o -> DeviceOutcome.DELIVERED.equals(o.outcome()));
		boolean retry = outcomes.stream().anyMatch(o -> DeviceOutcome.RETRY.equals(o.outcome()));
		boolean allRetired = outcomes.stream().allMatch(o -> DeviceOutcome.RETIRED.equals(o.outcome()));
		PushState state;
		if (delivered) {
			state = PushState.SENT;
		}
		else if (retry) {
			state = attempt >= properties.maxAttempts() ? PushState.FAILED : PushState.PENDING;
		}
		else if (allRetired) {
			state = PushState.NO_DEVICE;
		}
		else {
			state = PushState.FAILED;
		}
		finish(alert, state, outcomes, retryAfter[0]);
	}

	/**
	 * FCM's {@code Retry-After} on a failed send, in seconds or as an HTTP date; {@code null} without one.
	 */
	static Duration retryAfter(FirebaseMessagingException failure, Instant now) {
		if (failure == null || failure.getHttpResponse() == null || failure.getHttpResponse().getHeaders() == null) {
			return null;
		}
		Object value = failure.getHttpResponse()
			.getHeaders()
			.entrySet()
			.stream()
			.filter(e -> "retry-after".equalsIgnoreCase(e.getKey()))
			.map(java.util.Map.Entry::getValue)
			.findFirst()
			.orElse(null);
		if (value instanceof List<?> list) {
			value = list.isEmpty() ? null : list.get(0);
		}
		if (value == null) {
			return null;
		}
		String text = value.toString().trim();
		try {
			long seconds = Long.parseLong(text);
			return seconds > 0 ? Duration.ofSeconds(Math.min(seconds, 3600)) : null;
		}
		catch (NumberFormatException notSeconds) {
			try {
				Instant at = java.time.ZonedDateTime.parse(text, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
					.toInstant();
				return at.isAfter(now) ? Duration.between(now, at) : null;
			}
			catch (java.time.format.DateTimeParseException neither) {
				return null;
			}
		}
	}

	/** @param retryAfter where the longest {@code Retry-After} FCM answered is kept */
	private List<DeviceOutcome> sendBatch(AlertDocument alert, List<DeviceDocument> batch, Duration[] retryAfter) {
		List<Message> messages = batch.stream().map(device -> PushMessages.forDevice(alert, device.token())).toList();
		List<DeviceOutcome> outcomes = new ArrayList<>(batch.size());
		BatchResponse response;
		try {
			response = fcm.sendEach(messages);
		}
		catch (FirebaseMessagingException | RuntimeException ex) {
			// Nothing was sent (e.g. the SDK refused before any request): try every phone again later.
			String code = ex instanceof FirebaseMessagingException fme ? codeOf(fme) : ex.getClass().getSimpleName();
			if (ex instanceof FirebaseMessagingException fme) {
				keepLonger(retryAfter, retryAfter(fme, clock.instant()));
			}
			log.warn("push of alert {} not attempted: {}", alert.id(), code);
			for (DeviceDocument device : batch) {
				outcomes.add(outcome(alert, device, DeviceOutcome.RETRY, code));
			}
			return outcomes;
		}
		List<SendResponse> responses = response.getResponses();
		for (int i = 0; i < batch.size(); i++) {
			DeviceDocument device = batch.get(i);
			SendResponse sent = responses.get(i);
			if (sent.isSuccessful()) {
				outcomes.add(outcome(alert, device, DeviceOutcome.DELIVERED, null));
				continue;
			}
			FirebaseMessagingException failure = sent.getException();
			String outcome = classify(failure);
			keepLonger(retryAfter, retryAfter(failure, clock.instant()));
			String code = codeOf(failure);
			if (DeviceOutcome.RETIRED.equals(outcome)) {
				devices.retire(device.id(), device.token(), code);
				log.info("device {} retired: FCM answered {}", device.id(), code);
			}
			else {
				log.warn("push of alert {} to device {} failed: {} ({})", alert.id(), device.id(), code, outcome);
			}
			outcomes.add(outcome(alert, device, outcome, code));
		}
		return outcomes;
	}

	private DeviceOutcome outcome(AlertDocument alert, DeviceDocument device, String outcome, String code) {
		return new DeviceOutcome(device.id(), alert.attempts(), outcome, code, clock.instant());
	}

	/**
	 * What a failed send means for the phone. Only answers about the token itself are final; anything
	 * else may be an outage or a deployment fault that a later attempt outlives, so it is retried up to
	 * the maximum attempts.
	 */
	static String classify(FirebaseMessagingException failure) {
		MessagingErrorCode code = failure.getMessagingErrorCode();
		if (code == MessagingErrorCode.UNREGISTERED || code == MessagingErrorCode.INVALID_ARGUMENT) {
			return DeviceOutcome.RETIRED;
		}
		if (code == MessagingErrorCode.SENDER_ID_MISMATCH) {
			// The token belongs to another Firebase project. Not retired: a wrong credentials file would
			// otherwise retire every phone at once.
			return DeviceOutcome.REJECTED;
		}
		// UNAVAILABLE, QUOTA_EXCEEDED, INTERNAL, a 503 after the SDK's own retries (which carries only
		// getErrorCode() == UNAVAILABLE), no answer at all, and whatever else is not about the token.
		return DeviceOutcome.RETRY;
	}

	static String codeOf(FirebaseMessagingException failure) {
		if (failure.getMessagingErrorCode() != null) {
			return failure.getMessagingErrorCode().name();
		}
		ErrorCode code = failure.getErrorCode();
		int status = failure.getHttpResponse() == null ? 0 : failure.getHttpResponse().getStatusCode();
		return (code == null ? "UNKNOWN" : code.name()) + (status == 0 ? "" : " HTTP " + status);
	}

	private static void keepLonger(Duration[] kept, Duration candidate) {
		if (candidate != null && (kept[0] == null || candidate.compareTo(kept[0]) > 0)) {
			kept[0] = candidate;
		}
	}

	private void finish(AlertDocument alert, PushState state, List<DeviceOutcome> outcomes) {
		finish(alert, state, outcomes, null);
	}

	/** @param retryAfter what FCM asked to wait, or {@code null}: the next attempt is no sooner */
	private void finish(AlertDocument alert, PushState state, List<DeviceOutcome> outcomes, Duration retryAfter) {
		Instant now = clock.instant();
		Instant next = state == PushState.PENDING ? now.plus(properties.retryWait(alert.attempts(), retryAfter,
				java.util.concurrent.ThreadLocalRandom.current().nextDouble())) : null;
		if (alerts.finish(alert, state, next, outcomes, now)) {
			log.info("alert {} attempt {}: {}", alert.id(), alert.attempts(), state.code());
		}
		else {
			log.warn("alert {} attempt {}: {} not recorded, its lease ran out and another instance took it over",
					alert.id(), alert.attempts(), state.code());
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		executor.shutdown();
		if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
			executor.shutdownNow();
		}
	}
}
