package io.shouhu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.shouhu.notification.FcmStub;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Boots the whole server once on a random port with a fresh embedded store (in a temporary
 * directory), the demo identity provider, and push through the real Firebase Admin SDK to a local FCM stub. Every integration test extends this class and adds no
 * configuration of its own, so they all share one Spring context.
 */
@SpringBootTest(classes = ShouhuApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ShouhuIntegrationTest {

	protected static final Path DATA_DIR;

	/** Firebase Cloud Messaging as the real Firebase Admin SDK sees it: a local WireMock stub. */
	protected static final FcmStub fcm = FcmStub.start();

	static {
		try {
			DATA_DIR = Files.createTempDirectory("shouhu-it-");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@LocalServerPort
	protected int port;

	@DynamicPropertySource
	static void freshStore(DynamicPropertyRegistry registry) {
		registry.add("shouhu.storage.embedded-path", () -> DATA_DIR.resolve("shouhu.mv").toString());
		registry.add("shouhu.crypto.keyset-file", () -> DATA_DIR.resolve("keyset.json").toString());
		registry.add("shouhu.demo.enabled", () -> "true");
		registry.add("shouhu.notification.fcm.endpoint", fcm::endpoint);
		registry.add("shouhu.notification.fcm.credentials-file",
				() -> fcm.writeServiceAccount(DATA_DIR.resolve("fcm")).toString());
	}

	/** The server's base URL, e.g. {@code http://localhost:54321}. */
	protected String baseUrl() {
		return "http://localhost:" + port;
	}
}
