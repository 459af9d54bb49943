package io.shouhu.notification;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The {@code alerts} collection. Every change is a single-document operation: the store has no
 * multi-document transactions, and a single document is all the lease and the idempotent insert need.
 */
@Component
class Alerts {

	private final MongoOperations mongo;

	Alerts(MongoOperations mongo) {
		this.mongo = mongo;
		// What a real MongoDB needs for the inbox and the sweep; the embedded store only keeps unique ones.
		mongo.indexOps(AlertDocument.class)
			.createIndex(new Index().on("recipient", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC));
		mongo.indexOps(AlertDocument.class)
			.createIndex(new Index().on("pushState", Sort.Direction.ASC).on("nextAttemptAt", Sort.Direction.ASC));
	}

	/**
	 * The id of the alert of one kind, about one subject, to one person: the same inputs give the same
	 * id, so recording the same alert again is a no-op. Hashed because the id travels in the push
	 * payload and the login name inside it may be a person's name.
	 */
	static String idFor(String type, String subject, String recipient) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest((type + '\n' + subject + '\n' + recipient).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	/** Records an alert unless it already is. @return whether it was new */
	boolean recordIfAbsent(AlertDocument alert) {
		try {
			mongo.insert(alert);
			return true;
		}
		catch (DuplicateKeyException recorded) {
			return false;
		}
	}

	Optional<AlertDocument> byId(String id) {
		return Optional.ofNullable(mongo.findById(id, AlertDocument.class));
	}

	/**
	 * Claims one alert whose push is due for this instance: pending and due, or sending under a lease
	 * that ran out (its instance died or hung). One findAndModify, so of several instances racing for
	 * the same alert exactly one gets it. Counts the attempt at the claim, so an alert that crashes
	 * its sender every time still runs out of attempts.
	 * @param id the alert to claim, or {@code null} for the one due longest
	 */
	Optional<AlertDocument> claim(String id, String owner, Instant now, Instant leaseUntil) {
		Criteria due = new Criteria().orOperator(
				where("pushState").is(PushState.PENDING.name()).and("nextAttemptAt").lte(now),
				where("pushState").is(PushState.SENDING.name()).and("leaseUntil").lt(now));
		Query query = query(id == null ? due : new Criteria().andOperator(where("_id").is(id), due));
		if (id == null) {
			query.with(Sort.by("nextAttemptAt"));
		}
		Update claim = new Update().set("pushState", PushState.SENDING.name())
			.set("leaseOwner", owner)
			.set("leaseUntil", leaseUntil)
			.inc("attempts", 1);
		return Optional.ofNullable(
				mongo.findAndModify(query, claim, FindAndModifyOptions.options().returnNew(true), AlertDocument.class));
	}

	/**
	 * Records how an attempt ended, only while this instance still holds the claim of that attempt; if
	 * its lease ran out and another instance took the alert over, that one's outcome counts.
	 * @param nextAttemptAt when to try again, for {@link PushState#PENDING}
	 * @return whether the claim was still held
	 */
	boolean finish(AlertDocument claimed, PushState state, Instant nextAttemptAt, List<DeviceOutcome> outcomes,
			Instant now) {
		Update update = new Update().set("pushState", state.name()).unset("leaseOwner").unset("leaseUntil");
		if (state == PushState.PENDING) {
			update.set("nextAttemptAt", nextAttemptAt);
		}
		else {
			update.unset("nextAttemptAt");
		}
		if (state == PushState.SENT) {
			update.set("pushedAt", now);
		}
		if (!outcomes.isEmpty()) {
			update.push("deliveries").each(outcomes.toArray());
		}
		Query held = query(where("_id").is(claimed.id())
			.and("pushState")
			.is(PushState.SENDING.name())
			.and("leaseOwner")
			.is(claimed.leaseOwner())
			.and("attempts")
			.is(claimed.attempts()));
		return mongo.updateFirst(held, update, AlertDocument.class).getMatchedCount() > 0;
	}

	/**
	 * A page of a recipient's alerts, newest first; ties broken by id so a page boundary neither
	 * repeats nor skips one.
	 * @param after where the page before ended, or {@code null}
	 */
	List<AlertDocument> forRecipient(String recipient, InboxCursor after, int limit) {
		Criteria criteria = where("recipient").is(recipient);
		if (after != null) {
			criteria = new Criteria().andOperator(criteria, new Criteria().orOperator(
					where("createdAt").lt(after.createdAt()),
					where("createdAt").is(after.createdAt()).and("_id").lt(after.id())));
		}
		return mongo.find(query(criteria).with(Sort.by(Sort.Direction.DESC, "createdAt").and(Sort.by(Sort.Direction.DESC,
				"_id"))).limit(limit), AlertDocument.class);
	}

	long unread(String recipient) {
		return mongo.count(query(where("recipient").is(recipient).and("read").is(false)), AlertDocument.class);
	}

	/** @return whether the recipient has that alert; acknowledging also reads it, and only the first time counts */
	boolean acknowledge(String recipient, String id, Instant now) {
		Query own = query(where("_id").is(id).and("recipient").is(recipient));
		Query open = query(where("_id").is(id).and("recipient").is(recipient).and("acknowledged").is(false));
		boolean first = mongo.updateFirst(open, new Update().set("acknowledged", true).set("acknowledgedAt", now),
				AlertDocument.class).getMatchedCount() > 0;
		if (!first && !mongo.exists(own, AlertDocument.class)) {
			return false;
		}
		markRead(recipient, id, now);
		return true;
	}

	/** The alerts of a jurisdiction about a report, case or task (by its id), oldest first. */
	List<AlertDocument> about(String jurisdiction, String subject, int limit) {
		return mongo.find(query(where("jurisdiction").is(jurisdiction)
			.orOperator(where("report").is(subject), where("caseId").is(subject), where("taskId").is(subject)))
			.with(Sort.by(Sort.Direction.ASC, "createdAt"))
			.limit(limit), AlertDocument.class);
	}

	/** The alerts of a jurisdiction whose push is in a state, oldest first. */
	List<AlertDocument> inState(String jurisdiction, PushState state, int limit) {
		return mongo.find(query(where("jurisdiction").is(jurisdiction).and("pushState").is(state.name()))
			.with(Sort.by(Sort.Direction.ASC, "createdAt"))
			.limit(limit), AlertDocument.class);
	}

	List<AlertDocument> forRecipient(String recipient, int limit) {
		return mongo.find(query(where("recipient").is(recipient)).with(Sort.by(Sort.Direction.DESC, "createdAt"))
			.limit(limit), AlertDocument.class);
	}

	/** @return whether the recipient has that alert */
	boolean markRead(String recipient, String id, Instant now) {
		Query own = query(where("_id").is(id).and("recipient").is(recipient));
		// Only the first read sets the time; reading it again changes nothing.
		Query unread = query(where("_id").is(id).and("recipient").is(recipient).and("read").is(false));
		return mongo.updateFirst(unread, new Update().set("read", true).set("readAt", now), AlertDocument.class)
			.getMatchedCount() > 0 || mongo.exists(own, AlertDocument.class);
	}
}
