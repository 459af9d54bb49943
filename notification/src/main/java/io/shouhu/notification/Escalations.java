package io.shouhu.notification;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.List;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** The {@code escalations} collection: durable timers, moved on by single-document conditional writes. */
@Component
class Escalations {

	/** The most chains one sweep moves on; the rest wait for the next. */
	private static final int DUE_PER_SWEEP = 500;

	private final MongoOperations mongo;

	/** When the active chains fall due, from memory: with the embedded store only, else null. */
	private final DueTimes dueTimes;

	Escalations(MongoOperations mongo) {
		this(mongo, false);
	}

	/**
	 * @param dueTimesInMemory find the due chains from memory ({@link DueTimes}): right only when this
	 *        process is the store's only writer, as with the embedded store, which has no index for the
	 *        sweep's query
	 */
	@Autowired
	Escalations(MongoOperations mongo,
			@Value("#{'${spring.mongodb.uri:}'.isEmpty()}") boolean dueTimesInMemory) {
		this.mongo = mongo;
		this.dueTimes = dueTimesInMemory
				? new DueTimes(() -> mongo.find(query(where("stopped").is(false)), EscalationDocument.class)) : null;
		mongo.indexOps(EscalationDocument.class)
			.createIndex(new Index().on("stopped", Sort.Direction.ASC).on("dueAt", Sort.Direction.ASC));
	}

	/** Starts the chain unless it already is (the same cause said again). */
	void startIfAbsent(EscalationDocument escalation) {
		long write = dueTimes == null ? 0 : dueTimes.writing(escalation.id(), escalation.dueAt());
		try {
			mongo.insert(escalation);
			if (dueTimes != null) {
				dueTimes.written(escalation.id(), write, escalation.stopped() ? null : escalation.dueAt());
			}
		}
		catch (DuplicateKeyException started) {
			// the same cause, said again: the chain started before is as it is
			if (dueTimes != null) {
				dueTimes.unsure(escalation.id());
			}
		}
		catch (RuntimeException unknown) {
			if (dueTimes != null) {
				dueTimes.unsure(escalation.id());
			}
			throw unknown;
		}
	}

	List<EscalationDocument> due(Instant now) {
		if (dueTimes != null) {
			return dueTimes.due(now, this::byId, DUE_PER_SWEEP);
		}
		return mongo.find(query(where("stopped").is(false).and("dueAt").lte(now)).with(Sort.by("dueAt")).limit(DUE_PER_SWEEP),
				EscalationDocument.class);
	}

	/**
	 * Moves the chain from the level and loop it was read at to the next, only if no other instance (and
	 * no acknowledgement) moved it first.
	 * @return whether this call moved it
	 */
	boolean advance(EscalationDocument from, int level, int loop, Instant dueAt) {
		long write = dueTimes == null ? 0 : dueTimes.writing(from.id(), dueAt);
		boolean moved;
		try {
			moved = mongo.updateFirst(query(where("_id").is(from.id())
				.and("level")
				.is(from.level())
				.and("loop")
				.is(from.loop())
				.and("stopped")
				.is(false)), new Update().set("level", level).set("loop", loop).set("dueAt", dueAt),
					EscalationDocument.class)
				.getModifiedCount() > 0;
		}
		catch (RuntimeException unknown) {
			if (dueTimes != null) {
				dueTimes.unsure(from.id());
			}
			throw unknown;
		}
		if (moved && dueTimes != null) {
			dueTimes.written(from.id(), write, dueAt);
		}
		return moved;
	}

	/** Stops the chain (acknowledged, acted on, or given up); stopping it again changes nothing. */
	boolean stop(String id, String by, Instant now) {
		long write = dueTimes == null ? 0 : dueTimes.stopping(id);
		boolean stopped;
		try {
			stopped = mongo.updateFirst(query(where("_id").is(id).and("stopped").is(false)),
					new Update().set("stopped", true).set("stoppedBy", by).set("stoppedAt", now),
					EscalationDocument.class)
				.getModifiedCount() > 0;
		}
		catch (RuntimeException unknown) {
			if (dueTimes != null) {
				dueTimes.unsure(id);
			}
			throw unknown;
		}
		if (dueTimes != null) {
			// Stopped now or before, or never started: not active either way.
			dueTimes.written(id, write, null);
		}
		return stopped;
	}

	EscalationDocument byId(String id) {
		return mongo.findById(id, EscalationDocument.class);
	}
}
