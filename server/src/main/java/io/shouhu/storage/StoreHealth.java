package io.shouhu.storage;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.stereotype.Component;

/**
 * The store's health by a {@code ping}, which a real MongoDB and the embedded store both answer.
 * Named {@code mongoHealthIndicator} to replace Boot's, whose {@code hello} command the embedded store
 * does not know (so health was always DOWN on the embedded defaults).
 */
@Component("mongoHealthIndicator")
class StoreHealth extends AbstractHealthIndicator {

	private final MongoOperations mongo;

	StoreHealth(MongoOperations mongo) {
		super("The store did not answer a ping");
		this.mongo = mongo;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Document answer = mongo.executeCommand(new Document("ping", 1));
		Object ok = answer.get("ok");
		if (ok instanceof Number number && number.doubleValue() == 1.0) {
			builder.up();
		}
		else {
			builder.down();
		}
	}
}
