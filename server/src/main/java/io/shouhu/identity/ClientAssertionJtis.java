package io.shouhu.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The {@code jti}s of the client assertions already used, kept in the shared store so that an
 * assertion cannot be replayed against another instance. The {@code _id} is the unique key, so two
 * instances racing with the same assertion cannot both insert it.
 */
class ClientAssertionJtis {

	static final String COLLECTION = "client_assertion_jtis";

	/**
	 * How long after its {@code exp} an assertion is still accepted (Spring's default clock skew), so
	 * how long its {@code jti} must be remembered beyond that.
	 */
	static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	private static final Logger log = LoggerFactory.getLogger(ClientAssertionJtis.class);

	private final MongoOperations mongo;

	private final Clock clock;

	ClientAssertionJtis(MongoOperations mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	void declareIndexes() {
		// The purge's range query; the embedded store keeps only unique indexes and scans instead.
		try {
			mongo.indexOps(COLLECTION).createIndex(new Index("expiresAt", Sort.Direction.ASC));
		}
		catch (RuntimeException ex) {
			log.debug("Index on {}.expiresAt not created: {}", COLLECTION, ex.toString());
		}
	}

	/** Records a use; {@code false} if this client has used this {@code jti} before. */
	boolean firstUse(String clientId, String jti, Instant expiresAt) {
		Document use = new Document("_id", clientId + "|" + jti).append("clientId", clientId)
			.append("expiresAt", Date.from(expiresAt));
		try {
			mongo.insert(use, COLLECTION);
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/** Forgets the assertions that could no longer be accepted anyway; the store has no TTL index. */
	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "${shouhu.identity.jti-purge-interval:PT5M}")
	long purgeExpired() {
		Instant horizon = clock.instant().minus(CLOCK_SKEW);
		long purged = mongo.remove(Query.query(Criteria.where("expiresAt").lt(Date.from(horizon))), COLLECTION)
			.getDeletedCount();
		if (purged > 0) {
			log.debug("Purged {} expired client assertion ids", purged);
		}
		return purged;
	}
}
