package io.shouhu.storage;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.ConnectionString;

/**
 * Starts the embedded MongoDB-wire store (mongo-java-server on H2, persisted to one file) when no
 * {@code spring.mongodb.uri} is configured, and points the MongoDB driver at it. With a URI set, this
 * does nothing and the real MongoDB is used.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.mongodb.uri:}'.isEmpty()")
class EmbeddedStoreConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedStoreConfiguration.class);

	/**
	 * Unsaved changes, in KB of H2's estimate, after which the store writes them out (besides once a
	 * second). H2's default scales with the heap, 19 MB at 512 MB: under load each write went into a
	 * buffer of up to 10 MB, too big for H2 to reuse, so one was allocated and dropped at every
	 * commit, each a humongous object for G1 that may start a marking cycle, with its remark pause.
	 * At 4 MB the buffers stay small enough for H2 to reuse. The price is more, smaller commits: the
	 * file grows by about 80 KB per report under load instead of 60 (2 MB: over 100 KB).
	 */
	static final int COMMIT_BUFFER_KB = 4096;

	@Bean(destroyMethod = "shutdown")
	MongoServer embeddedMongoServer(@Value("${shouhu.storage.embedded-path:./data/shouhu.mv}") String path)
			throws IOException {
		Path file = Path.of(path).toAbsolutePath();
		if (file.getParent() != null) {
			Files.createDirectories(file.getParent());
		}
		MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitBufferSize(COMMIT_BUFFER_KB).open();
		MongoServer server = new MongoServer(new H2Backend(store));
		server.bind("127.0.0.1", 0);
		InetSocketAddress address = server.getLocalAddress();
		log.info("Embedded store (mongo-java-server, H2) at {} listening on {}:{}", file, address.getHostString(),
				address.getPort());
		return server;
	}

	@Bean
	MongoConnectionDetails embeddedMongoConnectionDetails(MongoServer server) {
		InetSocketAddress address = server.getLocalAddress();
		ConnectionString uri = new ConnectionString(
				"mongodb://" + address.getHostString() + ":" + address.getPort() + "/shouhu");
		return () -> uri;
	}
}
