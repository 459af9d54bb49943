package io.shouhu.casework;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The access audit on a MongoDB-wire store: chained, verifiable, listable, and safe across instances. */
class AuditTrailTests {

	/** 10:00 in China. */
	static final Instant T = Instant.parse("2026-11-29T02:00:00Z");

	static final String CHAIN = "longwan|2026-11-29";

	static final Actor SUPERVISOR = new Actor(new UserId("wang"), new JurisdictionId("longwan"), Set.of(Role.SUPERVISOR));

	static final Actor PROSECUTOR = new Actor(new UserId("li"), new JurisdictionId("longwan"), Set.of(Role.PROSECUTOR));

	final CaseworkStore store = new CaseworkStore();

	final MovableClock clock = new MovableClock(T);

	final AuditTrail trail = trail();

	@AfterEach
	void close() {
		store.close();
	}

	@Test
	void appendedEntriesAreChainedAndVerify() {
		for (int i = 1; i <= 5; i++) {
			trail.record(read("r-" + i));
			clock.advance(java.time.Duration.ofSeconds(1));
		}

		List<AuditEntry> entries = stored();
		assertThat(entries).extracting(AuditEntry::id)
			.containsExactly(CHAIN + "|0000000001", CHAIN + "|0000000002", CHAIN + "|0000000003",
					CHAIN + "|0000000004", CHAIN + "|0000000005");
		assertThat(entries).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
		assertThat(entries.get(0).previousHash()).isEmpty();
		for (int i = 1; i < entries.size(); i++) {
			assertThat(entries.get(i).previousHash()).isEqualTo(entries.get(i - 1).hash());
			assertThat(entries.get(i).hash()).isEqualTo(AuditTrail.hash(entries.get(i)));
		}
		assertThat(entries.get(4).at()).isEqualTo(T.plusSeconds(4));
		assertThat(entries.get(4)).extracting(AuditEntry::actor, AuditEntry::subjectId, AuditEntry::outcome)
			.containsExactly("li", "r-5", AuditOutcome.ALLOWED);
		assertThat(head(CHAIN).get("seq", Number.class).longValue()).isEqualTo(5);
		assertThat(head(CHAIN).get("hash")).isEqualTo(entries.get(4).hash());
		assertThat(trail.verify(SUPERVISOR)).isEqualTo(new AuditVerification(true, 5, null));
	}

	@Test
	void thePurposeIsStoredEncryptedAndHashedAsPlainText() {
		trail.record(new AuditEvent("li", "prosecutor", "longwan", "read", "reporter", "r-1", "longwan",
				"court order 12", AuditOutcome.ALLOWED));

		Document raw = store.mongo.getCollection("audit").find(Filters.eq("_id", CHAIN + "|0000000001")).first();
		assertThat(raw.get("purpose")).isNotNull().isNotEqualTo("court order 12");
		assertThat(trail.list(SUPERVISOR, "r-1", null, 10).entries()).singleElement()
			.satisfies(entry -> assertThat(entry.purpose()).isEqualTo("court order 12"));
		assertThat(trail.verify(SUPERVISOR).valid()).isTrue();
	}

	@Test
	void listingBySubjectIsTheOwnersNewestFirstAndPagesWithoutRepeatsOrGaps() {
		trail.recordAll(List.of(read("r-1"), read("r-1"), read("r-1")));
		clock.advance(java.time.Duration.ofMillis(1));
		trail.record(read("r-2"));
		trail.record(new AuditEvent("zhao", "supervisor", "ouhai", "read", "report", "r-1", "ouhai", null,
				AuditOutcome.ALLOWED));
		trail.record(new AuditEvent("li", "prosecutor", "longwan", "read", "report", "r-1", null, null,
				AuditOutcome.DENIED));
		for (int i = 0; i < 4; i++) {
			clock.advance(java.time.Duration.ofMillis(i % 2));
			trail.record(read("r-1"));
		}
		List<AuditEntry> expected = stored().stream()
			.filter(entry -> entry.subjectId().equals("r-1") && "longwan".equals(entry.owner()))
			.sorted(Comparator.comparing(AuditEntry::at).thenComparing(AuditEntry::id).reversed())
			.toList();
		assertThat(expected).hasSize(7);

		List<AuditEntry> listed = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			AuditPage page = trail.list(SUPERVISOR, "r-1", cursor, 2);
			assertThat(page.entries()).hasSizeLessThanOrEqualTo(2);
			listed.addAll(page.entries());
			cursor = page.next();
			pages++;
		}
		while (cursor != null);

		assertThat(listed).containsExactlyElementsOf(expected);
		assertThat(pages).isEqualTo(4);
		assertThat(trail.list(SUPERVISOR, "r-1", null, 0).entries()).hasSize(1);
		assertThat(trail.list(SUPERVISOR, "r-1", null, 1000).entries()).hasSize(7);
		assertThatThrownBy(() -> trail.list(SUPERVISOR, "r-1", "not a cursor!", 2)).isInstanceOf(InvalidCommand.class);
		assertThatThrownBy(() -> trail.list(SUPERVISOR, "r-1", "MTIz", 2)).isInstanceOf(InvalidCommand.class);
	}

	@Test
	void onlySupervisorsListAndVerify() {
		trail.record(read("r-1"));

		assertThatThrownBy(() -> trail.list(PROSECUTOR, "r-1", null, 10)).isInstanceOf(NotPermitted.class);
		assertThatThrownBy(() -> trail.verify(PROSECUTOR)).isInstanceOf(NotPermitted.class);
	}

	@Test
	void anEditedEntryBreaksTheChainThere() {
		recordFive();

		store.mongo.getCollection("audit")
			.updateOne(Filters.eq("_id", CHAIN + "|0000000003"), Updates.set("action", "nothing"));

		assertThat(trail.verify(SUPERVISOR)).isEqualTo(new AuditVerification(false, 5, CHAIN + "|0000000003"));
	}

	@Test
	void anEntryWhosePurposeWasReplacedIsBroken() {
		recordFive();
		Object sealedOfTheSecond = store.mongo.getCollection("audit")
			.find(Filters.eq("_id", CHAIN + "|0000000002"))
			.first()
			.get("purpose");

		Object sealedOfTheThird = store.mongo.getCollection("audit")
			.find(Filters.eq("_id", CHAIN + "|0000000003"))
			.first()
			.get("purpose");
		store.mongo.getCollection("audit")
			.updateOne(Filters.eq("_id", CHAIN + "|0000000003"), Updates.set("purpose", sealedOfTheSecond));
		store.mongo.getCollection("audit")
			.updateOne(Filters.eq("_id", CHAIN + "|0000000005"), Updates.set("purpose", "audit"));

		assertThat(trail.verify(SUPERVISOR)).as("a ciphertext that does not decrypt")
			.isEqualTo(new AuditVerification(false, 5, CHAIN + "|0000000003"));
		store.mongo.getCollection("audit")
			.updateOne(Filters.eq("_id", CHAIN + "|0000000003"), Updates.set("purpose", sealedOfTheThird));
		assertThat(trail.verify(SUPERVISOR)).as("a purpose written in plain text")
			.isEqualTo(new AuditVerification(false, 5, CHAIN + "|0000000005"));
	}

	@Test
	void anEntryEditedWithItsHashRecomputedBreaksTheLinkOfTheNext() {
		recordFive();
		AuditEntry third = stored().get(2);
		AuditEntry forged = new AuditEntry(third.id(), third.at(), "someone-else", third.role(), third.jurisdiction(),
				third.action(), third.subjectType(), third.subjectId(), third.owner(), third.purpose(),
				third.outcome(), third.seq(), third.previousHash(), null);

		store.mongo.getCollection("audit")
			.updateOne(Filters.eq("_id", third.id()),
					Updates.combine(Updates.set("actor", "someone-else"), Updates.set("hash", AuditTrail.hash(forged))));

		assertThat(trail.verify(SUPERVISOR)).isEqualTo(new AuditVerification(false, 5, CHAIN + "|0000000004"));
	}

	@Test
	void aDeletedEntryInTheMiddleIsMissed() {
		recordFive();

		store.mongo.getCollection("audit").deleteOne(Filters.eq("_id", CHAIN + "|0000000003"));

		assertThat(trail.verify(SUPERVISOR)).isEqualTo(new AuditVerification(false, 4, CHAIN + "|0000000003"));
	}

	@Test
	void aDeletedLastEntryIsMissedThroughTheHead() {
		recordFive();

		store.mongo.getCollection("audit").deleteOne(Filters.eq("_id", CHAIN + "|0000000005"));

		assertThat(trail.verify(SUPERVISOR)).isEqualTo(new AuditVerification(false, 4, CHAIN + "|0000000005"));
	}

	@Test
	void aChainDeletedWholeIsMissedThroughItsHead() {
		recordFive();
		clock.advance(java.time.Duration.ofDays(1));
		trail.record(read("r-6"));

		store.mongo.getCollection("audit").deleteMany(Filters.regex("_id", "^longwan\\|2026-11-29"));

		assertThat(trail.verify(SUPERVISOR)).isEqualTo(new AuditVerification(false, 1, CHAIN + "|0000000001"));
	}

	@Test
	void verifyingWalksOnlyTheSupervisorsJurisdiction() {
		recordFive();
		trail.record(new AuditEvent("zhao", "supervisor", "ouhai", "read", "report", "r-9", "ouhai", null,
				AuditOutcome.ALLOWED));
		trail.record(new AuditEvent("x", "supervisor", "longwan|x", "read", "report", "r-9", "longwan|x", null,
				AuditOutcome.ALLOWED));

		assertThat(trail.verify(SUPERVISOR)).isEqualTo(new AuditVerification(true, 5, null));
		assertThat(trail.verify(new Actor(new UserId("zhao"), new JurisdictionId("ouhai"), Set.of(Role.SUPERVISOR))))
			.isEqualTo(new AuditVerification(true, 1, null));
	}

	@Test
	void twoInstancesAppendingAtOnceMakeOneDenseValidChain() throws Exception {
		AuditTrail other = trail();
		int threads = 8;
		int rounds = 40;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> done = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			AuditTrail instance = (t % 2 == 0) ? trail : other;
			String thread = "t" + t;
			done.add(pool.submit(() -> {
				start.await();
				for (int i = 0; i < rounds; i++) {
					if (i % 4 == 3) {
						instance.recordAll(List.of(read(thread + "-" + i + "a"), read(thread + "-" + i + "b")));
					}
					else {
						instance.record(read(thread + "-" + i));
					}
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : done) {
			future.get(60, TimeUnit.SECONDS);
		}
		pool.shutdown();

		int total = threads * (rounds + rounds / 4);
		List<AuditEntry> entries = stored();
		assertThat(entries).extracting(AuditEntry::seq)
			.containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, total).boxed().toList());
		assertThat(new HashSet<>(entries.stream().map(AuditEntry::subjectId).toList())).hasSize(total);
		assertThat(head(CHAIN).get("seq", Number.class).longValue()).isEqualTo(total);
		assertThat(trail.verify(SUPERVISOR)).isEqualTo(new AuditVerification(true, total, null));
	}

	@Test
	void anInstanceStartingLateOrLaggingBehindContinuesTheChain() {
		for (int i = 0; i < 37; i++) {
			trail.record(read("r-" + i));
		}

		trail().record(read("late"));
		store.mongo.getCollection("audit_heads").deleteMany(new Document());
		trail().record(read("headless"));
		trail.recordAll(List.of(read("behind-1"), read("behind-2"), read("behind-3")));

		assertThat(stored()).extracting(AuditEntry::subjectId)
			.endsWith("r-36", "late", "headless", "behind-1", "behind-2", "behind-3");
		assertThat(trail.verify(SUPERVISOR)).isEqualTo(new AuditVerification(true, 42, null));
	}

	@Test
	void aBatchCutShortByATakenPositionWritesTheRestAfterIt() {
		trail.record(read("r-1"));
		trail.record(read("r-2"));
		AuditEntry squatter = new AuditEntry(CHAIN + "|0000000005", T, "x", "system", "longwan", "read", "report",
				"squatter", "longwan", null, AuditOutcome.ALLOWED, 5, "", "");
		store.mongo.insert(squatter);

		trail.recordAll(List.of(read("b-1"), read("b-2"), read("b-3"), read("b-4"), read("b-5")));

		assertThat(stored()).extracting(AuditEntry::subjectId, AuditEntry::seq)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("r-1", 1L), org.assertj.core.groups.Tuple.tuple("r-2", 2L),
					org.assertj.core.groups.Tuple.tuple("b-1", 3L), org.assertj.core.groups.Tuple.tuple("b-2", 4L),
					org.assertj.core.groups.Tuple.tuple("squatter", 5L), org.assertj.core.groups.Tuple.tuple("b-3", 6L),
					org.assertj.core.groups.Tuple.tuple("b-4", 7L), org.assertj.core.groups.Tuple.tuple("b-5", 8L));
		assertThat(trail.verify(SUPERVISOR)).isEqualTo(new AuditVerification(false, 8, CHAIN + "|0000000005"));
	}

	@Test
	void aWriteThatFailsFailsTheCallAndTheNextFindsTheRealEnd() {
		AtomicBoolean failBefore = new AtomicBoolean();
		AtomicBoolean failAfter = new AtomicBoolean();
		MongoTemplate flaky = new MongoTemplate(store.mongo.getMongoDatabaseFactory(), store.mongo.getConverter()) {
			@Override
			public <T> T insert(T objectToSave) {
				if (failBefore.getAndSet(false)) {
					throw new DataAccessResourceFailureException("store unreachable");
				}
				T saved = super.insert(objectToSave);
				if (failAfter.getAndSet(false)) {
					throw new DataAccessResourceFailureException("no answer");
				}
				return saved;
			}
		};
		AuditTrail trail = new AuditTrail(flaky, false, Optional.of(clock));
		trail.record(read("r-1"));

		failBefore.set(true);
		assertThatThrownBy(() -> trail.record(read("lost"))).isInstanceOf(DataAccessResourceFailureException.class);
		failAfter.set(true);
		assertThatThrownBy(() -> trail.record(read("unanswered"))).isInstanceOf(DataAccessResourceFailureException.class);
		trail.record(read("r-2"));

		assertThat(stored()).extracting(AuditEntry::subjectId).containsExactly("r-1", "unanswered", "r-2");
		assertThat(this.trail.verify(SUPERVISOR)).isEqualTo(new AuditVerification(true, 3, null));
	}

	@Test
	void anEntryAfterMidnightInChinaStartsTheNextDaysChain() {
		clock.set(Instant.parse("2026-11-29T15:59:59.999Z"));
		trail.record(read("r-1"));
		trail.record(read("r-2"));
		clock.set(Instant.parse("2026-11-29T16:00:00Z"));
		trail.record(read("r-3"));

		List<AuditEntry> entries = stored();
		assertThat(entries).extracting(AuditEntry::id)
			.containsExactly(CHAIN + "|0000000001", CHAIN + "|0000000002", "longwan|2026-11-30|0000000001");
		assertThat(entries.get(2).previousHash()).isEmpty();
		assertThat(trail.verify(SUPERVISOR)).isEqualTo(new AuditVerification(true, 3, null));
	}

	@Test
	void theHashTellsFieldBoundariesAndNullsApart() {
		AuditEntry entry = new AuditEntry("a|2026-11-29|0000000001", T, "ab", "c", "a", "read", "report", "r-1", null,
				null, AuditOutcome.ALLOWED, 1, "", null);

		assertThat(AuditTrail.hash(entry)).isNotEqualTo(AuditTrail.hash(new AuditEntry(entry.id(), T, "a", "bc", "a",
				"read", "report", "r-1", null, null, AuditOutcome.ALLOWED, 1, "", null)))
			.isNotEqualTo(AuditTrail.hash(new AuditEntry(entry.id(), T, "ab", "c", "a", "read", "report", "r-1", "",
					null, AuditOutcome.ALLOWED, 1, "", null)))
			.isNotEqualTo(AuditTrail.hash(new AuditEntry(entry.id(), T, "ab", "c", "a", "read", "report", "r-1", null,
					"", AuditOutcome.ALLOWED, 1, "", null)));
	}

	private AuditTrail trail() {
		return new AuditTrail(store.mongo, false, Optional.of(clock));
	}

	private void recordFive() {
		for (int i = 1; i <= 5; i++) {
			trail.record(read("r-" + i));
		}
	}

	private static AuditEvent read(String report) {
		return new AuditEvent("li", "prosecutor", "longwan", "read", "report", report, "longwan", "review",
				AuditOutcome.ALLOWED);
	}

	private List<AuditEntry> stored() {
		return store.mongo.find(new Query().with(Sort.by("_id")), AuditEntry.class);
	}

	private Document head(String chain) {
		return store.mongo.getCollection("audit_heads").find(Filters.eq("_id", chain)).first();
	}
}
