package io.shouhu.notification;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.springframework.data.mongodb.core.MongoTemplate;

/** An in-memory MongoDB-wire store and a template on it, for tests that build the classes by hand. */
final class StoreFixture implements AutoCloseable {

	final MongoServer server = new MongoServer(new MemoryBackend());

	final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());

	final MongoTemplate mongo = new MongoTemplate(client, "shouhu");

	@Override
	public void close() {
		client.close();
		server.shutdownNow();
	}
}
