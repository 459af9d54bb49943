package io.shouhu.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class PushPlumbingTests {

	@Test
	void requestsForFcmGoToTheConfiguredEndpoint() throws Exception {
		RedirectingConnectionFactory local = new RedirectingConnectionFactory(URI.create("http://127.0.0.1:8089"));
		assertThat(local.redirect(new URL("https://fcm.googleapis.com/v1/projects/p/messages:send")))
			.hasToString("http://127.0.0.1:8089/v1/projects/p/messages:send");
		assertThat(local.redirect(new URL("https://oauth2.googleapis.com/token")))
			.hasToString("https://oauth2.googleapis.com/token");

		RedirectingConnectionFactory relay = new RedirectingConnectionFactory(URI.create("https://relay.example/fcm/"));
		assertThat(relay.redirect(new URL("https://fcm.googleapis.com/v1/projects/p/messages:send?x=1")))
			.hasToString("https://relay.example/fcm/v1/projects/p/messages:send?x=1");
	}

	@Test
	void retriesBackOffExponentiallyUpToTheMaximum() {
		PushProperties properties = new PushProperties(8, Duration.ofSeconds(15), Duration.ofMinutes(2),
				Duration.ofSeconds(60), 2);
		assertThat(properties.backoff(1)).isEqualTo(Duration.ofSeconds(15));
		assertThat(properties.backoff(2)).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.backoff(4)).isEqualTo(Duration.ofMinutes(2));
		assertThat(properties.backoff(60)).isEqualTo(Duration.ofMinutes(2));
		// jittered between half and all of it, and never sooner than FCM's Retry-After
		assertThat(properties.retryWait(2, null, 0.0)).isEqualTo(Duration.ofSeconds(15));
		assertThat(properties.retryWait(2, null, 0.999)).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30));
		assertThat(properties.retryWait(2, Duration.ofMinutes(5), 0.5)).isEqualTo(Duration.ofMinutes(5));
		assertThat(properties.retryWait(2, Duration.ofSeconds(1), 0.5)).isEqualTo(Duration.ofMillis(22_500));
	}

	@Test
	void fcmPropertiesDefaultTheEndpointAndTreatABlankFileAsNone() {
		FcmProperties properties = new FcmProperties("  ", "");
		assertThat(properties.credentialsFile()).isNull();
		assertThat(properties.endpoint()).isEqualTo("https://fcm.googleapis.com");
	}

	@Test
	void aConfiguredButUnreadableCredentialsFileStopsTheStart() {
		assertThatThrownBy(() -> FcmGateway.start(new FcmProperties("/nonexistent/service-account.json", null)))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("shouhu.notification.fcm.credentials-file");
	}
}
