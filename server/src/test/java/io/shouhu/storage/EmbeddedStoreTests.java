package io.shouhu.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

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
	void dataSurvivesARestart() {
		String file = dir.resolve("nested/shouhu.mv").toString();

		withEmbeddedStore(file, reports -> reports.insertOne(new Document("_id", "r-1").append("status", "RECEIVED")));

		withEmbeddedStore(file, reports -> assertThat(status(reports, "r-1")).isEqualTo("RECEIVED"));
	}

	@Test
	void writesBeyondTheCommitBufferAllSurviveARestart() {
		String file = dir.resolve("shouhu.mv").toString();
		String page = "x".repeat(24_000);
		int written = 3 * EmbeddedStoreConfiguration.COMMIT_BUFFER_KB / 24;

		withEmbeddedStore(file, reports -> {
			for (int i = 0; i < written; i++) {
				reports.insertOne(new Document("_id", "r-" + i).append("body", page));
			}
		});

		withEmbeddedStore(file, reports -> {
			assertThat(reports.countDocuments()).isEqualTo(written);
			assertThat(reports.find(new Document("_id", "r-" + (written - 1))).first()).isNotNull();
		});
	}

	@Test
	void aStoreWrittenWithH2sDefaultsIsReadAsItWas() {
		String file = dir.resolve("shouhu.mv").toString();
		MongoServer before = new MongoServer(new H2Backend(file));
		before.bind("127.0.0.1", 0);
		try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + before.getLocalAddress().getPort())) {
			reports(client).insertOne(new Document("_id", "r-1").append("status", "ACCEPTED"));
		}
		before.shutdown();

		withEmbeddedStore(file, reports -> assertThat(status(reports, "r-1")).isEqualTo("ACCEPTED"));
	}

	/** Starts the embedded store on the file as the server does, works on its reports, and stops it. */
	private static void withEmbeddedStore(String file, Consumer<MongoCollection<Document>> work) {
		EmbeddedStoreConfiguration configuration = new EmbeddedStoreConfiguration();
		MongoServer server;
		try {
			server = configuration.embeddedMongoServer(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try (MongoClient client = client(configuration, server)) {
			work.accept(reports(client));
		}
		finally {
			server.shutdown();
		}
	}

	private static String status(MongoCollection<Document> reports, String id) {
		Document found = reports.find(new Document("_id", id)).first();
		assertThat(found).isNotNull();
		return found.getString("status");
	}

	private static MongoClient client(EmbeddedStoreConfiguration configuration, MongoServer server) {
		return MongoClients.create(configuration.embeddedMongoConnectionDetails(server).getConnectionString());
	}

	private static MongoCollection<Document> reports(MongoClient client) {
		return client.getDatabase("shouhu").getCollection("reports");
	}
}
