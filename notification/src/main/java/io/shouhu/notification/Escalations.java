package io.shouhu.notification;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** The {@code escalations} collection: durable timers, moved on by single-document conditional writes. */
@Component
class Escalations {

	private final MongoOperations mongo;

	Escalations(MongoOperations mongo) {
		this.mongo = mongo;
		mongo.indexOps(EscalationDocument.class)
			.createIndex(new Index().on("stopped", Sort.Direction.ASC).on("dueAt", Sort.Direction.ASC));
	}

	/** Starts the chain unless it already is (the same cause said again). */
	void startIfAbsent(EscalationDocument escalation) {
		try {
			mongo.insert(escalation);
		}
		catch (DuplicateKeyException started) {
			// the same cause, said again
		}
	}

	List<EscalationDocument> due(Instant now) {
		return mongo.find(query(where("stopped").is(false).and("dueAt").lte(now)).with(Sort.by("dueAt")).limit(500),
				EscalationDocument.class);
	}

	/**
	 * Moves the chain from the level and loop it was read at to the next, only if no other instance (and
	 * no acknowledgement) moved it first.
	 * @return whether this call moved it
	 */
	boolean advance(EscalationDocument from, int level, int loop, Instant dueAt) {
		return mongo.updateFirst(query(where("_id").is(from.id())
			.and("level")
			.is(from.level())
			.and("loop")
			.is(from.loop())
			.and("stopped")
			.is(false)), new Update().set("level", level).set("loop", loop).set("dueAt", dueAt),
				EscalationDocument.class)
			.getModifiedCount() > 0;
	}

	/** Stops the chain (acknowledged, acted on, or given up); stopping it again changes nothing. */
	boolean stop(String id, String by, Instant now) {
		return mongo.updateFirst(query(where("_id").is(id).and("stopped").is(false)),
				new Update().set("stopped", true).set("stoppedBy", by).set("stoppedAt", now), EscalationDocument.class)
			.getModifiedCount() > 0;
	}

	EscalationDocument byId(String id) {
		return mongo.findById(id, EscalationDocument.class);
	}
}
