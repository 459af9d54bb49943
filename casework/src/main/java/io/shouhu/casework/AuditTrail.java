package io.shouhu.casework;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The access audit: every read and change of a report, case, child record, attachment or reporter
 * record appends one entry, allowed or denied. Entries are append-only and hash-chained, one chain per
 * jurisdiction and day in China; supervisors list them by subject and verify their jurisdiction's
 * chains.
 *
 * <p>Appending is safe across instances without transactions: an entry's id is its chain and position,
 * so the unique {@code _id} lets only one writer take a position; the loser reads on and takes the next.
 * Each instance remembers where each chain ends, and the threads of an instance that append to one chain
 * at once share one insert (group commit). A head document per chain, moved only forward after each
 * append, records how far the chain reached, so a deleted last entry is found too.
 */
@Component
class AuditTrail {

	/** The calendar of the chains: a day in China. */
	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	/** The previous hash of a chain's first entry. */
	static final String GENESIS = "";

	static final int MAX_PAGE = 200;

	/** Entries per insert when many are waiting. */
	private static final int BATCH = 500;

	/** Positions lost to other writers in one append before giving up. */
	private static final int CONFLICTS = 100;

	/** {@code |yyyy-MM-dd|} and ten digits after the jurisdiction. */
	private static final int ID_SUFFIX = 22;

	private static final int DAY_SUFFIX = 11;

	private final MongoOperations mongo;

	private final Clock clock;

	private final Map<String, Chain> chains = new ConcurrentHashMap<>();

	AuditTrail(MongoOperations mongo, @Value("#{!'${spring.mongodb.uri:}'.isEmpty()}") boolean secondaryIndexes,
			Optional<Clock> clock) {
		this.mongo = mongo;
		this.clock = clock.orElse(Clock.systemUTC());
		// Walking a jurisdiction's chains is a range of _id (jurisdiction|day|seq), served by _id's index,
		// and so is reading the heads; only listing by subject needs its own.
		if (!secondaryIndexes) {
			SecondaryIndexes.dropFrom(mongo, AuditEntry.class);
			return;
		}
		mongo.indexOps(AuditEntry.class)
			.createIndex(new Index().on("subjectId", Sort.Direction.ASC)
				.on("owner", Sort.Direction.ASC)
				.on("at", Sort.Direction.DESC)
				.on("_id", Sort.Direction.DESC)
				.named("subject_owner_at"));
	}

	/** Appends one entry; throws when it could not be written. */
	void record(AuditEvent event) {
		recordAll(List.of(event));
	}

	/** Appends one entry per event, in order, sharing inserts; throws when any could not be written. */
	void recordAll(List<AuditEvent> events) {
		if (events.isEmpty()) {
			return;
		}
		Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
		LocalDate day = LocalDate.ofInstant(at, CHINA);
		List<Pending> mine = new ArrayList<>(events.size());
		Set<Chain> touched = new LinkedHashSet<>();
		for (AuditEvent event : events) {
			Chain chain = chain(event.jurisdiction(), day);
			Pending pending = new Pending(event, at);
			mine.add(pending);
			chain.queue.add(pending);
			touched.add(chain);
		}
		RuntimeException headFailed = null;
		for (Chain chain : touched) {
			try {
				commit(chain);
			}
			catch (RuntimeException ex) {
				// The entries are in; the head could not be moved. Still commit the other chains.
				headFailed = (headFailed != null) ? headFailed : ex;
			}
		}
		if (headFailed != null) {
			throw headFailed;
		}
		for (Pending pending : mine) {
			if (pending.failure != null) {
				throw pending.failure;
			}
			if (!pending.written) {
				throw new IllegalStateException("The audit entry was not written");
			}
		}
	}

	/**
	 * The entries about one subject of the supervisor's jurisdiction, newest first.
	 * @param actor who asks: a supervisor
	 * @param subjectId the id of the report, case, child, attachment or reporter record
	 * @param cursor the {@link AuditPage#next()} of the page before, or {@code null} for the first
	 * @param limit the page size, held to 1 to 200
	 * @return the page
	 * @throws NotPermitted when the actor is not a supervisor
	 * @throws InvalidCommand when the subject is missing or the cursor malformed
	 */
	AuditPage list(Actor actor, String subjectId, String cursor, int limit) {
		requireSupervisor(actor);
		if (subjectId == null || subjectId.isBlank()) {
			throw new InvalidCommand("Name the subject whose audit entries to list.");
		}
		int size = Math.max(1, Math.min(MAX_PAGE, limit));
		Criteria criteria = Criteria.where("subjectId").is(subjectId).and("owner").is(actor.jurisdiction().value());
		if (cursor != null && !cursor.isEmpty()) {
			Position after = Position.parse(cursor);
			// The id breaks ties, so that a page boundary inside one millisecond neither repeats nor skips.
			criteria.orOperator(Criteria.where("at").lt(after.at()),
					Criteria.where("at").is(after.at()).and("_id").lt(after.id()));
		}
		List<AuditEntry> found = mongo.find(Query.query(criteria)
			.with(Sort.by(Sort.Direction.DESC, "at").and(Sort.by(Sort.Direction.DESC, "_id")))
			.limit(size + 1), AuditEntry.class);
		if (found.size() <= size) {
			return new AuditPage(found, null);
		}
		List<AuditEntry> page = found.subList(0, size);
		AuditEntry last = page.get(size - 1);
		return new AuditPage(page, new Position(last.at(), last.id()).format());
	}

	/**
	 * Walks every chain of the supervisor's jurisdiction, day by day, entry by entry: recomputes each
	 * hash, checks each link to the entry before, that no position is missing, and that each chain
	 * reaches as far as its head says.
	 * @param actor who asks: a supervisor
	 * @return whether all is intact, how many entries were walked and where the first break is
	 * @throws NotPermitted when the actor is not a supervisor
	 */
	AuditVerification verify(Actor actor) {
		requireSupervisor(actor);
		String jurisdiction = actor.jurisdiction().value();
		// Heads first: an entry a head counts was written before the head moved, so the walk sees it.
		TreeMap<String, Head> heads = new TreeMap<>();
		for (Head head : mongo.find(Query.query(ofJurisdiction(jurisdiction, null)), Head.class)) {
			if (head.id().length() == jurisdiction.length() + DAY_SUFFIX) {
				heads.put(head.id(), head);
			}
		}
		Walk walk = new Walk(heads);
		String collection = mongo.getCollectionName(AuditEntry.class);
		String after = null;
		boolean walked = false;
		while (!walked) {
			Query rest = Query.query(ofJurisdiction(jurisdiction, after)).with(Sort.by(Sort.Direction.ASC, "_id"));
			try (Stream<Document> stored = mongo.stream(rest, Document.class, collection)) {
				Iterator<Document> documents = stored.iterator();
				while (true) {
					Document document;
					try {
						if (!documents.hasNext()) {
							walked = true;
							break;
						}
						document = documents.next();
					}
					catch (DataAccessException storeFailed) {
						throw storeFailed;
					}
					catch (RuntimeException unreadable) {
						// Loading failed outside the store: the purpose does not decrypt (altered, or copied
						// from another entry). That entry is broken; walk on after it.
						after = unreadableAfter(jurisdiction, after, unreadable);
						if (after.length() == jurisdiction.length() + ID_SUFFIX) {
							walk.step(after, null);
						}
						break;
					}
					after = (String) document.get("_id");
					if (after.length() == jurisdiction.length() + ID_SUFFIX) {
						walk.step(after, document);
					}
				}
			}
		}
		walk.finish();
		return new AuditVerification(walk.broken == null, walk.entries, walk.broken);
	}

	/** The id of the entry after {@code after} that could not be loaded. */
	private String unreadableAfter(String jurisdiction, String after, RuntimeException unreadable) {
		Query next = Query.query(ofJurisdiction(jurisdiction, after)).with(Sort.by(Sort.Direction.ASC, "_id"));
		next.fields().include("_id");
		Document id = mongo.findOne(next, Document.class, mongo.getCollectionName(AuditEntry.class));
		if (id == null) {
			throw unreadable;
		}
		return (String) id.get("_id");
	}

	/**
	 * Every id of the jurisdiction's chains (and of those of a jurisdiction whose name continues with '|',
	 * which the length of the id tells apart: '}' follows '|'), after a given one if not {@code null}.
	 */
	private static Criteria ofJurisdiction(String jurisdiction, String after) {
		Criteria id = Criteria.where("_id");
		return ((after != null) ? id.gt(after) : id.gte(jurisdiction + "|")).lt(jurisdiction + "}");
	}

	private static void requireSupervisor(Actor actor) {
		if (!actor.has(Role.SUPERVISOR)) {
			throw new NotPermitted("The access audit is for supervisors.");
		}
	}

	// Appending

	private Chain chain(String jurisdiction, LocalDate day) {
		String key = jurisdiction + "|" + day;
		Chain chain = chains.get(key);
		if (chain != null) {
			return chain;
		}
		Chain created = new Chain(key, jurisdiction, day);
		chain = chains.putIfAbsent(key, created);
		if (chain != null) {
			return chain;
		}
		// Forget the chains of past days; a late writer that still holds one just meets the new one as it
		// would another instance.
		LocalDate before = day.minusDays(1);
		chains.values().removeIf(old -> old.day.isBefore(before));
		return created;
	}

	/**
	 * Writes whatever waits for the chain, unless another thread already wrote this thread's entries.
	 * The chain's lock is held for the insert only; moving the head follows outside it.
	 */
	private void commit(Chain chain) {
		Chain.End end;
		chain.lock.lock();
		try {
			List<Pending> batch = new ArrayList<>();
			for (Pending next; (next = chain.queue.poll()) != null;) {
				batch.add(next);
			}
			if (batch.isEmpty()) {
				return;
			}
			try {
				end = append(chain, batch);
			}
			catch (RuntimeException | Error ex) {
				chain.end = null;
				RuntimeException failure = (ex instanceof RuntimeException runtime) ? runtime
						: new IllegalStateException("The audit entry could not be written", ex);
				for (Pending pending : batch) {
					if (!pending.written) {
						pending.failure = failure;
					}
				}
				if (ex instanceof Error error) {
					throw error;
				}
				return;
			}
		}
		finally {
			chain.lock.unlock();
		}
		advanceHead(chain, end);
	}

	/** Inserts the batch at the end of the chain, moving on past positions other writers took. */
	private Chain.End append(Chain chain, List<Pending> batch) {
		if (chain.end == null) {
			chain.end = locateEnd(chain);
		}
		int from = 0;
		int conflicts = 0;
		while (from < batch.size()) {
			List<Pending> pending = batch.subList(from, Math.min(batch.size(), from + BATCH));
			List<AuditEntry> entries = new ArrayList<>(pending.size());
			long seq = chain.end.seq();
			String previous = chain.end.hash();
			for (Pending next : pending) {
				AuditEntry entry = entry(chain.key, ++seq, previous, next);
				entries.add(entry);
				previous = entry.hash();
			}
			int written;
			try {
				if (entries.size() == 1) {
					mongo.insert(entries.get(0));
				}
				else {
					mongo.insertAll(entries);
				}
				written = entries.size();
			}
			catch (DuplicateKeyException taken) {
				written = (entries.size() == 1) ? 0 : insertedBefore(taken);
				if (written < 0) {
					throw taken;
				}
			}
			for (int i = 0; i < written; i++) {
				pending.get(i).written = true;
			}
			if (written > 0) {
				AuditEntry last = entries.get(written - 1);
				chain.end = new Chain.End(last.seq(), last.hash());
			}
			from += written;
			if (written < entries.size()) {
				if (++conflicts > CONFLICTS) {
					throw new IllegalStateException("Audit chain " + chain.key + " kept moving on; gave up after "
							+ CONFLICTS + " tries");
				}
				// Another writer took the next position: find where the chain ends now.
				chain.end = gallop(chain.key, chain.end.seq() + 1, null);
			}
		}
		return chain.end;
	}

	/** How many entries of an ordered batch insert went in before the first that failed, or -1. */
	private static int insertedBefore(DuplicateKeyException taken) {
		for (Throwable cause = taken; cause != null; cause = cause.getCause()) {
			if (cause instanceof MongoBulkWriteException bulk && !bulk.getWriteErrors().isEmpty()) {
				return bulk.getWriteErrors().stream().mapToInt(BulkWriteError::getIndex).min().getAsInt();
			}
		}
		return -1;
	}

	/** Where a chain this instance has not written yet ends: from its head, then probing onwards. */
	private Chain.End locateEnd(Chain chain) {
		Head head = mongo.findById(chain.key, Head.class);
		return (head != null) ? gallop(chain.key, head.seq(), head.hash()) : gallop(chain.key, 0, GENESIS);
	}

	/**
	 * The last entry of a chain, found by looking entries up by id from one known to exist: doubling the
	 * step until one is missing, then halving the gap. O(log n) lookups, each by {@code _id}.
	 * @param present a position known to be taken (0: before the first)
	 * @param hash its hash, or {@code null} to read it if it turns out to be the last
	 */
	private Chain.End gallop(String key, long present, String hash) {
		long low = present;
		String lowHash = hash;
		long high;
		for (long step = 1;; step <<= 1) {
			long probe = low + step;
			String found = hashAt(key, probe);
			if (found == null) {
				high = probe;
				break;
			}
			low = probe;
			lowHash = found;
		}
		while (high - low > 1) {
			long middle = low + (high - low) / 2;
			String found = hashAt(key, middle);
			if (found == null) {
				high = middle;
			}
			else {
				low = middle;
				lowHash = found;
			}
		}
		if (lowHash == null) {
			lowHash = hashAt(key, low);
			if (lowHash == null) {
				throw new IllegalStateException("Audit entry " + id(key, low) + " vanished");
			}
		}
		return new Chain.End(low, lowHash);
	}

	/** The hash of the entry at a position, or {@code null} when there is none. */
	private String hashAt(String key, long seq) {
		Query query = Query.query(Criteria.where("_id").is(id(key, seq)));
		query.fields().include("hash");
		Document found = mongo.findOne(query, Document.class, mongo.getCollectionName(AuditEntry.class));
		if (found == null) {
			return null;
		}
		Object hash = found.get("hash");
		return (hash instanceof String text) ? text : "";
	}

	/**
	 * Moves the chain's head forward to an entry just written, never back. The first entry of a chain
	 * creates the head; two instances creating it at once collide on its id, and the loser moves the one
	 * the winner created.
	 */
	private void advanceHead(Chain chain, Chain.End end) {
		Query behind = Query.query(Criteria.where("_id").is(chain.key).and("seq").lt(end.seq()));
		Update update = new Update().set("seq", end.seq())
			.set("hash", end.hash())
			.set("jurisdiction", chain.jurisdiction)
			.set("day", chain.day.toString());
		try {
			mongo.upsert(behind, update, Head.class);
		}
		catch (DuplicateKeyException exists) {
			// The head exists: it is already this far, or a racer just created it behind.
			mongo.updateFirst(behind, update, Head.class);
		}
	}

	private static AuditEntry entry(String key, long seq, String previousHash, Pending pending) {
		AuditEvent event = pending.event;
		AuditEntry unsealed = new AuditEntry(id(key, seq), pending.at, event.actor(), event.role(),
				event.jurisdiction(), event.action(), event.subjectType(), event.subjectId(), event.owner(),
				event.purpose(), event.outcome(), seq, previousHash, null);
		return new AuditEntry(unsealed.id(), unsealed.at(), unsealed.actor(), unsealed.role(),
				unsealed.jurisdiction(), unsealed.action(), unsealed.subjectType(), unsealed.subjectId(),
				unsealed.owner(), unsealed.purpose(), unsealed.outcome(), seq, previousHash, hash(unsealed));
	}

	static String id(String key, long seq) {
		return key + "|" + String.format("%010d", seq);
	}

	/**
	 * SHA-256 (hex) over every field of the entry but its hash, in plain text, each field tagged as
	 * present or null and length-prefixed, so that no two different entries encode alike.
	 */
	static String hash(AuditEntry entry) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeUTF("shouhu-audit-1");
			text(out, entry.id());
			if (entry.at() == null) {
				out.writeByte(0);
			}
			else {
				out.writeByte(1);
				out.writeLong(entry.at().toEpochMilli());
			}
			text(out, entry.actor());
			text(out, entry.role());
			text(out, entry.jurisdiction());
			text(out, entry.action());
			text(out, entry.subjectType());
			text(out, entry.subjectId());
			text(out, entry.owner());
			text(out, entry.purpose());
			text(out, (entry.outcome() != null) ? entry.outcome().code() : null);
			out.writeLong(entry.seq());
			text(out, entry.previousHash());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void text(DataOutputStream out, String value) throws IOException {
		if (value == null) {
			out.writeByte(0);
			return;
		}
		byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
		out.writeByte(1);
		out.writeInt(utf8.length);
		out.write(utf8);
	}

	// Verifying

	/** The walk of one jurisdiction's entries in id order: chain by chain, position by position. */
	private final class Walk {

		private final TreeMap<String, Head> heads;

		long entries;

		String broken;

		private String chain;

		private Head head;

		private long expected;

		private String previous;

		Walk(TreeMap<String, Head> heads) {
			this.heads = heads;
		}

		void step(String id, Document document) {
			entries++;
			String key = id.substring(0, id.length() - DAY_SUFFIX);
			if (!key.equals(chain)) {
				endChain();
				// Chains with a head and no entry left at all, ordered before this one.
				while (!heads.isEmpty() && heads.firstKey().compareTo(key) < 0) {
					Head gone = heads.pollFirstEntry().getValue();
					brokenAt(id(gone.id(), 1));
				}
				chain = key;
				head = heads.remove(key);
				expected = 1;
				previous = GENESIS;
			}
			long seq = seqOf(id);
			if (seq != expected) {
				// A missing position (an id below the expected one cannot follow in id order).
				brokenAt(id(key, expected));
			}
			AuditEntry entry = (document != null) ? read(document) : null;
			if (entry == null || entry.seq() != seq || entry.at() == null
					|| !key.equals(entry.jurisdiction() + "|" + LocalDate.ofInstant(entry.at(), CHINA))
					|| !hash(entry).equals(entry.hash()) || !previous.equals(entry.previousHash())
					|| (head != null && head.seq() == seq && !Objects.equals(head.hash(), entry.hash()))) {
				brokenAt(id);
			}
			expected = Math.max(seq, expected) + 1;
			previous = (entry != null && entry.hash() != null) ? entry.hash() : "";
		}

		void finish() {
			endChain();
			for (Head gone : heads.values()) {
				brokenAt(id(gone.id(), 1));
			}
		}

		/** A head further than the chain's last entry: the entries after it were deleted. */
		private void endChain() {
			if (chain != null && head != null && head.seq() >= expected) {
				brokenAt(id(chain, expected));
			}
			chain = null;
			head = null;
		}

		private void brokenAt(String id) {
			if (broken == null) {
				broken = id;
			}
		}

		private AuditEntry read(Document document) {
			try {
				return mongo.getConverter().read(AuditEntry.class, document);
			}
			catch (RuntimeException unreadable) {
				return null;
			}
		}

		private static long seqOf(String id) {
			String digits = id.substring(id.length() - 10);
			for (int i = 0; i < digits.length(); i++) {
				if (!Character.isDigit(digits.charAt(i))) {
					return -1;
				}
			}
			return Long.parseLong(digits);
		}
	}

	// State

	/** One chain as this instance knows it: where it ends, and the entries waiting to be appended. */
	private static final class Chain {

		final String key;

		final String jurisdiction;

		final LocalDate day;

		final ReentrantLock lock = new ReentrantLock();

		final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();

		/** The last entry as this instance knows it, guarded by the lock; {@code null}: to be found. */
		End end;

		Chain(String key, String jurisdiction, LocalDate day) {
			this.key = key;
			this.jurisdiction = jurisdiction;
			this.day = day;
		}

		record End(long seq, String hash) {
		}
	}

	/** An event waiting for its entry to be written; settled under the chain's lock. */
	private static final class Pending {

		final AuditEvent event;

		final Instant at;

		volatile boolean written;

		volatile RuntimeException failure;

		Pending(AuditEvent event, Instant at) {
			this.event = event;
			this.at = at;
		}
	}

	/** How far a chain has reached: its last entry's position and hash. */
	@org.springframework.data.mongodb.core.mapping.Document("audit_heads")
	record Head(@Id String id, String jurisdiction, String day, long seq, String hash) {
	}

	/** Where a page ended: the last entry's time and id, opaque to clients. */
	record Position(Instant at, String id) {

		String format() {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString((at.toEpochMilli() + ":" + id).getBytes(StandardCharsets.UTF_8));
		}

		static Position parse(String cursor) {
			try {
				String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
				int colon = text.indexOf(':');
				String id = text.substring(colon + 1);
				if (colon <= 0 || id.isEmpty()) {
					throw new IllegalArgumentException(cursor);
				}
				return new Position(Instant.ofEpochMilli(Long.parseLong(text.substring(0, colon))), id);
			}
			catch (IllegalArgumentException | DateTimeException ex) {
				throw new InvalidCommand("Malformed cursor.");
			}
		}
	}
}
