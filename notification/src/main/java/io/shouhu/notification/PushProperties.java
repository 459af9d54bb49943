package io.shouhu.notification;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How pushes are attempted. The sweep interval is {@code shouhu.notification.push.sweep-interval}
 * (default 5s), read by the scheduler directly.
 * @param maxAttempts attempts per alert before it is marked failed
 * @param firstRetry the wait after the first failed attempt; doubles with each further one
 * @param maxRetry the longest wait between attempts
 * @param lease how long an instance holds an alert it is sending; another instance takes it over after
 * @param threads threads sending pushes on each instance
 */
@ConfigurationProperties("shouhu.notification.push")
record PushProperties(@DefaultValue("8") int maxAttempts, @DefaultValue("15s") Duration firstRetry,
		@DefaultValue("10m") Duration maxRetry, @DefaultValue("60s") Duration lease, @DefaultValue("2") int threads) {

	PushProperties {
		if (maxAttempts < 1 || threads < 1 || firstRetry.isNegative() || maxRetry.compareTo(firstRetry) < 0
				|| lease.compareTo(Duration.ofSeconds(10)) < 0) {
			throw new IllegalArgumentException("shouhu.notification.push: max-attempts and threads must be at least"
					+ " 1, max-retry at least first-retry, lease at least 10s");
		}
	}

	/**
	 * The wait after a failed attempt with jitter, so that phones failed by one outage are not all
	 * retried in the same second: between half the {@link #backoff} and all of it, and never less than
	 * what FCM asked for in {@code Retry-After}.
	 * @param retryAfter FCM's {@code Retry-After}, or {@code null}
	 * @param random a number in [0, 1)
	 */
	Duration retryWait(int attempt, Duration retryAfter, double random) {
		Duration full = backoff(attempt);
		Duration jittered = full.dividedBy(2).plusMillis((long) (full.toMillis() / 2.0 * random));
		return retryAfter != null && retryAfter.compareTo(jittered) > 0 ? retryAfter : jittered;
	}

	/** The wait after a failed attempt (1 for the first). */
	Duration backoff(int attempt) {
		Duration wait = firstRetry;
		for (int i = 1; i < attempt && wait.compareTo(maxRetry) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
	}
}
