package io.shouhu.storage;

import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded store starts only when no MongoDB is configured. */
class EmbeddedStoreSelectionTests {

	@TempDir
	Path dir;

	ApplicationContextRunner context() {
		return new ApplicationContextRunner().withUserConfiguration(EmbeddedStoreConfiguration.class)
			.withPropertyValues("shouhu.storage.embedded-path=" + dir.resolve("shouhu.mv"));
	}

	@Test
	void withNothingConfiguredTheEmbeddedStoreStartsAndTheDriverIsPointedAtIt() {
		context().run(started -> {
			assertThat(started).hasSingleBean(MongoServer.class);
			int port = started.getBean(MongoServer.class).getLocalAddress().getPort();
			assertThat(started.getBean(MongoConnectionDetails.class).getConnectionString().getHosts())
				.containsExactly("127.0.0.1:" + port);
		});
	}

	@Test
	void withAMongoDbUriNoEmbeddedStoreStarts() {
		context().withPropertyValues("spring.mongodb.uri=mongodb://db.example:27017/shouhu").run(started -> {
			assertThat(started).doesNotHaveBean(MongoServer.class);
			assertThat(started).doesNotHaveBean(MongoConnectionDetails.class);
		});
	}
}
