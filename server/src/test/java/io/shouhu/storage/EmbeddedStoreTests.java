package io.shouhu.storage;

import java.nio.file.Path;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
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

	private static MongoClient client(EmbeddedStoreConfiguration configuration, MongoServer server) {
		return MongoClients.create(configuration.embeddedMongoConnectionDetails(server).getConnectionString());
	}

	private static MongoCollection<Document> reports(MongoClient client) {
		return client.getDatabase("shouhu").getCollection("reports");
	}
}
