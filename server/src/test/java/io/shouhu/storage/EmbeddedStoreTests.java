package io.shouhu.storage;

import java.nio.file.Path;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded store keeps what was written across a restart of the server. */
class EmbeddedStoreTests {

	@TempDir
	Path dir;

	@Test
	void dataSurvivesARestart() throws Exception {
		EmbeddedStoreConfiguration configuration = new EmbeddedStoreConfiguration();
		String file = dir.resolve("nested/shouhu.mv").toString();

		MongoServer first = configuration.embeddedMongoServer(file);
		try (MongoClient client = client(configuration, first)) {
			reports(client).insertOne(new Document("_id", "r-1").append("status", "RECEIVED"));
		}
		first.shutdown();

		MongoServer second = configuration.embeddedMongoServer(file);
		try (MongoClient client = client(configuration, second)) {
			Document found = reports(client).find(new Document("_id", "r-1")).first();
			assertThat(found).isNotNull();
			assertThat(found.getString("status")).isEqualTo("RECEIVED");
		}
		finally {
			second.shutdown();
		}
	}

	@Test
	void writesBeyondTheCommitBufferAllSurviveARestart() throws Exception {
		EmbeddedStoreConfiguration configuration = new EmbeddedStoreConfiguration();
		String file = dir.resolve("shouhu.mv").toString();
		String page = "x".repeat(24_000);
		int written = 3 * EmbeddedStoreConfiguration.COMMIT_BUFFER_KB / 24;

		MongoServer first = configuration.embeddedMongoServer(file);
		try (MongoClient client = client(configuration, first)) {
			for (int i = 0; i < written; i++) {
				reports(client).insertOne(new Document("_id", "r-" + i).append("body", page));
			}
		}
		first.shutdown();

		MongoServer second = configuration.embeddedMongoServer(file);
		try (MongoClient client = client(configuration, second)) {
			assertThat(reports(client).countDocuments()).isEqualTo(written);
			assertThat(reports(client).find(new Document("_id", "r-" + (written - 1))).first()).isNotNull();
		}
		finally {
			second.shutdown();
		}
	}

	@Test
	void aStoreWrittenWithH2sDefaultsIsReadAsItWas() throws Exception {
		String file = dir.resolve("shouhu.mv").toString();
		MongoServer before = new MongoServer(new H2Backend(file));
		before.bind("127.0.0.1", 0);
		try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + before.getLocalAddress().getPort())) {
			reports(client).insertOne(new Document("_id", "r-1").append("status", "ACCEPTED"));
		}
		before.shutdown();

		EmbeddedStoreConfiguration configuration = new EmbeddedStoreConfiguration();
		MongoServer after = configuration.embeddedMongoServer(file);
		try (MongoClient client = client(configuration, after)) {
			Document found = reports(client).find(new Document("_id", "r-1")).first();
			assertThat(found).isNotNull();
			assertThat(found.getString("status")).isEqualTo("ACCEPTED");
		}
		finally {
			after.shutdown();
		}
	}

	private static MongoClient client(EmbeddedStoreConfiguration configuration, MongoServer server) {
		return MongoClients.create(configuration.embeddedMongoConnectionDetails(server).getConnectionString());
	}

	private static MongoCollection<Document> reports(MongoClient client) {
		return client.getDatabase("shouhu").getCollection("reports");
	}
}
