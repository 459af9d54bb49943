package io.shouhu.casework;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Repository;

/**
 * All cases. The list queries are served by the indexes declared here on a real MongoDB; the
 * embedded store keeps only unique indexes and scans (see docs/performance.md).
 */
@Repository
class Cases {

	private static final Logger log = LoggerFactory.getLogger(Cases.class);

	private static final List<TaskStatus> PENDING = List.of(TaskStatus.OPEN, TaskStatus.ACKNOWLEDGED);

	private final MongoOperations mongo;

	/** The case list from memory, with the embedded store only; {@code null} with a real MongoDB. */
	private final CaseListIndex inMemory;

	/** Cases whose list is queried from the store. */
	Cases(MongoOperations mongo) {
		this(mongo, false);
	}

	/**
	 * @param listInMemory answer the case list from memory ({@link CaseListIndex}): right only when
	 *        this process is the store's only writer, as with the embedded store, which is the default
	 *        when no {@code spring.mongodb.uri} is set
	 */
	@Autowired
	Cases(MongoOperations mongo,
			@Value("${shouhu.casework.case-list-in-memory:#{'${spring.mongodb.uri:}'.isEmpty()}}") boolean listInMemory) {
		this.mongo = mongo;
		this.inMemory = listInMemory ? new CaseListIndex(this::everyCaseForTheList) : null;
		if (inMemory != null) {
			SecondaryIndexes.dropFrom(mongo, Case.class);
		}
		index(new Index().on("jurisdiction", Sort.Direction.ASC)
			.on("updatedAt", Sort.Direction.DESC)
			.on("_id", Sort.Direction.DESC)
			.named("jurisdiction_updated"));
		index(new Index().on("jurisdiction", Sort.Direction.ASC)
			.on("status", Sort.Direction.ASC)
			.on("updatedAt", Sort.Direction.DESC)
			.on("_id", Sort.Direction.DESC)
			.named("jurisdiction_status_updated"));
		index(new Index().on("jurisdiction", Sort.Direction.ASC)
			.on("lead", Sort.Direction.ASC)
			.on("updatedAt", Sort.Direction.DESC)
			.on("_id", Sort.Direction.DESC)
			.named("jurisdiction_lead_updated"));
		index(new Index().on("childKeys.nationalId", Sort.Direction.ASC).sparse().named("child_national_id"));
		index(new Index().on("childKeys.nameBirthSex", Sort.Direction.ASC).sparse().named("child_name_birth_sex"));
		index(new Index().on("tasks.assignee", Sort.Direction.ASC).named("task_assignee"));
		index(new Index().on("jurisdiction", Sort.Direction.ASC).on("tasks.team", Sort.Direction.ASC).named("task_team"));
		index(new Index().on("feedbackPending", Sort.Direction.ASC).sparse().named("feedback_pending"));
		index(new Index().on("transferTo", Sort.Direction.ASC).sparse().named("transfer_to"));
	}

	/**
	 * Declares an index on a real MongoDB. The embedded store (whose list is in memory) keeps no
	 * secondary index: it only logs that it ignores one, after reading every case, which at a
	 * decade of cases made every start a minute longer.
	 */
	private void index(Index index) {
		if (inMemory != null) {
			return;
		}
		mongo.indexOps(Case.class).createIndex(index);
	}

	/** Inserts a new case; fails with a duplicate-key error when its id is taken. */
	Case insert(Case kase) {
		Case inserted = mongo.insert(kase);
		if (inMemory != null) {
			inMemory.written(inserted);
		}
		return inserted;
	}

	/** Saves a change; fails with an optimistic-locking error when someone changed the case meanwhile. */
	Case save(Case kase) {
		Case saved = mongo.save(kase);
		if (inMemory != null) {
			inMemory.written(saved);
		}
		return saved;
	}

	/**
	 * Reads the in-memory case list once the application is up, on a thread of its own: a district's
	 * decade of cases takes a few seconds to read from the embedded store, which no request should wait for.
	 */
	@EventListener(ContextRefreshedEvent.class)
	void loadTheListInMemory() {
		if (inMemory == null) {
			return;
		}
		Thread loader = new Thread(() -> {
			try {
				long start = System.nanoTime();
				inMemory.load();
				log.info("Case list in memory: loaded in {} ms", (System.nanoTime() - start) / 1_000_000);
			}
			catch (RuntimeException ex) {
				// The first list query loads it then.
				log.warn("Case list in memory: not loaded at start ({})", ex.getClass().getSimpleName());
			}
		}, "case-list-load");
		loader.setDaemon(true);
		loader.start();
	}

	/** Whether the case list is answered from memory rather than by the store. */
	boolean listInMemory() {
		return inMemory != null;
	}

	/**
	 * One more than a page of a jurisdiction's case summaries, newest change first: from memory with
	 * the embedded store, else by the store's indexes.
	 */
	List<CaseSummary> summaries(JurisdictionId jurisdiction, CaseQuery query, Instant now) {
		if (inMemory != null) {
			return inMemory.page(jurisdiction, query, Cursor.parse(query.cursor()), now);
		}
		return page(jurisdiction, query, now).stream().map(c -> CaseListIndex.Entry.of(c).summary(now)).toList();
	}

	private List<Case> everyCaseForTheList() {
		Query all = new Query();
		all.fields().exclude("timeline").exclude("childKeys");
		return mongo.find(all, Case.class);
	}

	/** A case to show, not to change: without its timeline, the largest part of it. Never save it. */
	Optional<Case> withoutTimeline(CaseId id) {
		Query byId = Query.query(Criteria.where("_id").is(id.value()));
		byId.fields().exclude("timeline");
		return Optional.ofNullable(mongo.findOne(byId, Case.class));
	}

	Optional<Case> byId(CaseId id) {
		return Optional.ofNullable(mongo.findById(id.value(), Case.class));
	}

	List<Case> openOfChild(JurisdictionId jurisdiction, ChildKeys keys) {
		List<Criteria> either = new ArrayList<>();
		if (keys.nationalId() != null) {
			either.add(Criteria.where("childKeys.nationalId").is(keys.nationalId()));
		}
		if (keys.nameBirthSex() != null) {
			either.add(Criteria.where("childKeys.nameBirthSex").is(keys.nameBirthSex()));
		}
		if (either.isEmpty()) {
			return List.of();
		}
		return mongo.find(Query.query(Criteria.where("jurisdiction")
			.is(jurisdiction.value())
			.and("status")
			.is(CaseStatus.OPEN)
			.orOperator(either.toArray(Criteria[]::new))), Case.class);
	}

	/** A page of a jurisdiction's cases, newest change first; one more than asked, to tell if more follow. */
	List<Case> page(JurisdictionId jurisdiction, CaseQuery query, Instant now) {
		Criteria criteria = Criteria.where("jurisdiction").is(jurisdiction.value());
		List<Criteria> and = new ArrayList<>();
		if (query.status() != null) {
			criteria.and("status").is(query.status());
		}
		if (query.urgency() != null) {
			criteria.and("urgency").is(query.urgency());
		}
		Cursor after = Cursor.parse(query.cursor());
		if (query.updatedSince() != null || after != null) {
			// A top-level bound on the sort key lets an index seek straight to the page's start.
			Criteria updated = criteria.and("updatedAt");
			if (query.updatedSince() != null) {
				updated.gte(query.updatedSince());
			}
			if (after != null) {
				updated.lte(after.updatedAt());
			}
		}
		if (query.track() != null) {
			criteria.and("tracks").elemMatch(Criteria.where("type").is(query.track()).and("status").is(TrackStatus.ACTIVE));
		}
		if (query.assignee() != null) {
			and.add(new Criteria().orOperator(Criteria.where("lead").is(query.assignee().value()),
					Criteria.where("tasks").elemMatch(Criteria.where("assignee").is(query.assignee().value()).and("status").in(PENDING))));
		}
		if (Boolean.TRUE.equals(query.overdue())) {
			criteria.and("tasks").elemMatch(Criteria.where("status").in(PENDING).and("due").lt(now));
		}
		if (after != null) {
			and.add(new Criteria().orOperator(Criteria.where("updatedAt").lt(after.updatedAt()),
					Criteria.where("updatedAt").is(after.updatedAt()).and("_id").lt(after.id())));
		}
		if (!and.isEmpty()) {
			criteria.andOperator(and.toArray(Criteria[]::new));
		}
		Query page = Query.query(criteria)
			.with(Sort.by(Sort.Direction.DESC, "updatedAt").and(Sort.by(Sort.Direction.DESC, "_id")))
			.limit(query.limit() + 1);
		// A summary needs neither the timeline nor the child's keys: not reading them is most of the
		// mapping work of a list (a case's timeline outgrows everything else in it).
		page.fields().exclude("timeline").exclude("childKeys");
		return mongo.find(page, Case.class);
	}

	/** Cases of a jurisdiction with a task for this person or one of their teams. */
	List<Case> withTasksFor(Actor actor) {
		List<Criteria> either = new ArrayList<>();
		either.add(Criteria.where("tasks.assignee").is(actor.user().value()));
		if (!actor.roles().isEmpty()) {
			either.add(Criteria.where("tasks.team").in(actor.roles()));
		}
		return mongo.find(Query.query(Criteria.where("jurisdiction")
			.is(actor.jurisdiction().value())
			.orOperator(either.toArray(Criteria[]::new))), Case.class);
	}

	List<Case> transfersTo(JurisdictionId jurisdiction) {
		return mongo.find(Query.query(Criteria.where("transferTo").is(jurisdiction.value()).and("status").is(CaseStatus.OPEN)),
				Case.class);
	}

	/**
	 * Cases whose progress the hospitals have not been shown yet. With the list in memory, the sweep
	 * asks the index which they are and reads only those, instead of reading every case every 30 s.
	 */
	/** Cases with a pending task due before the time (open or closing, not transferred). */
	List<Case> withTasksDueBefore(Instant until) {
		List<Case> found;
		if (inMemory != null) {
			found = inMemory.withTasksDueBefore(until)
				.stream()
				.map(id -> byId(new CaseId(id)))
				.flatMap(java.util.Optional::stream)
				.toList();
		}
		else {
			found = mongo.find(Query.query(Criteria.where("tasks")
				.elemMatch(Criteria.where("status").in(PENDING).and("due").lt(until))), Case.class);
		}
		return found.stream()
			.filter(c -> c.status == CaseStatus.OPEN || c.status == CaseStatus.CLOSING)
			.toList();
	}

	/** Cases the sweep must look at: feedback owed to their reports, or an outbox not yet published. */
	List<Case> needingSweep() {
		if (inMemory != null) {
			return inMemory.withPendingFeedback()
				.stream()
				.map(id -> byId(new CaseId(id)))
				.flatMap(java.util.Optional::stream)
				.filter(c -> c.feedbackPending || !c.outbox.isEmpty())
				.toList();
		}
		return mongo.find(Query.query(new Criteria().orOperator(Criteria.where("feedbackPending").is(true),
				Criteria.where("outbox.0").exists(true))), Case.class);
	}

	/**
	 * Empties the outbox of a case whose notices were published, unless the case was saved again
	 * meanwhile (its outbox may hold more then; publishing those again later is harmless).
	 */
	void outboxDelivered(Case kase) {
		// By collection name, not entity class: Spring would count this as a new version of the case and
		// make the ETag its last change just returned stale.
		long cleared = mongo.updateFirst(Query.query(Criteria.where("_id").is(kase.id).and("version").is(kase.version)),
				new org.springframework.data.mongodb.core.query.Update().set("outbox", List.of()),
				mongo.getCollectionName(Case.class))
			.getModifiedCount();
		if (cleared > 0) {
			kase.outbox.clear();
			if (inMemory != null && !kase.feedbackPending) {
				inMemory.feedbackDelivered(kase.id, kase.version());
			}
		}
	}

	/** Clears the pending flag, unless the feedback changed again meanwhile. */
	void feedbackDelivered(Case kase) {
		long cleared = mongo.updateFirst(Query.query(Criteria.where("_id")
			.is(kase.id)
			.and("feedbackPending")
			.is(true)
			.and("feedback")
			.is(kase.feedback.name())),
				new org.springframework.data.mongodb.core.query.Update().set("feedbackPending", false),
				mongo.getCollectionName(Case.class))
			.getModifiedCount();
		if (inMemory != null && cleared > 0 && kase.outbox.isEmpty()) {
			inMemory.feedbackDelivered(kase.id, kase.version());
		}
	}

	long count() {
		return mongo.count(new Query(), Case.class);
	}

	/** Where a page ended: the last case's change time and id, opaque to the caller. */
	record Cursor(Instant updatedAt, String id) {

		static String after(CaseSummary last) {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString((last.updatedAt().toEpochMilli() + "|" + last.id().value())
					.getBytes(StandardCharsets.UTF_8));
		}

		static Cursor parse(String cursor) {
			if (cursor == null || cursor.isBlank()) {
				return null;
			}
			try {
				String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
				int bar = text.indexOf('|');
				return new Cursor(Instant.ofEpochMilli(Long.parseLong(text.substring(0, bar))),
						new CaseId(text.substring(bar + 1)).value());
			}
			catch (RuntimeException ex) {
				throw new InvalidCommand("The cursor is not one this server gave out.");
			}
		}
	}
}
