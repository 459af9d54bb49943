package io.shouhu.casework;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Supplier;

/**
 * The case list answered from memory, for the embedded store. That store keeps no secondary index:
 * every list query there reads and deserialises every case of the collection (see
 * docs/performance.md), which at a district's decade of cases takes seconds. The embedded store
 * lives inside this process and nothing else writes to it, so a summary of each case kept here,
 * updated with every write of {@link Cases}, is exactly as current as the store. With a real
 * MongoDB (several instances, each writing) this index is not used: its declared indexes serve the
 * same queries.
 *
 * <p>Loaded from the store once, at the first list query; a write that races the load keeps the newer
 * version of a case.
 */
final class CaseListIndex {

	private static final Comparator<Entry> NEWEST_CHANGE_FIRST = Comparator.comparing(Entry::updatedAt)
		.thenComparing(Entry::id)
		.reversed();

	/** What the list's filters and summaries need of a case, and nothing else. */
	record Entry(String id, long version, String jurisdiction, String number, CaseStatus status, Urgency urgency,
			Set<Situation> situations, UserId lead, List<TrackType> activeTracks, List<PendingTask> pending,
			Instant openedAt, Instant updatedAt, boolean feedbackPending) {

		static Entry of(Case kase) {
			List<TrackType> active = kase.tracks.stream()
				.filter(t -> t.status == TrackStatus.ACTIVE)
				.map(t -> t.type)
				.toList();
			List<PendingTask> pending = kase.tasks.stream()
				.filter(t -> t.status.pending())
				.map(t -> new PendingTask(t.assignee, t.due))
				.toList();
			Set<Situation> situations = kase.situations.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kase.situations));
			return new Entry(kase.id, kase.version(), kase.jurisdiction, kase.number, kase.status, kase.urgency,
					situations, kase.lead, active, pending, kase.openedAt, kase.updatedAt,
					kase.feedbackPending || !kase.outbox.isEmpty());
		}

		boolean matches(CaseQuery query, Instant now) {
			if (query.status() != null && status != query.status()) {
				return false;
			}
			if (query.urgency() != null && urgency != query.urgency()) {
				return false;
			}
			if (query.track() != null && !activeTracks.contains(query.track())) {
				return false;
			}
			if (query.updatedSince() != null && updatedAt.isBefore(query.updatedSince())) {
				return false;
			}
			if (query.assignee() != null && !query.assignee().equals(lead)
					&& pending.stream().noneMatch(t -> query.assignee().equals(t.assignee()))) {
				return false;
			}
			return !Boolean.TRUE.equals(query.overdue()) || overdueTasks(now) > 0;
		}

		int overdueTasks(Instant now) {
			return (int) pending.stream().filter(t -> t.due() != null && now.isAfter(t.due())).count();
		}

		CaseSummary summary(Instant now) {
			return new CaseSummary(new CaseId(id), number, status, urgency, situations, lead, activeTracks,
					pending.size(), overdueTasks(now), openedAt, updatedAt);
		}
	}

	record PendingTask(UserId assignee, Instant due) {
	}

	private final Supplier<List<Case>> everyCase;

	private final Map<String, Entry> byId = new ConcurrentHashMap<>();

	private final Map<String, NavigableSet<Entry>> byJurisdiction = new ConcurrentHashMap<>();

	private volatile boolean loaded;

	/** @param everyCase reads every case from the store, once, when the index is first needed */
	CaseListIndex(Supplier<List<Case>> everyCase) {
		this.everyCase = everyCase;
	}

	/** Takes in a case as just written; an older version than the one held changes nothing. */
	void written(Case kase) {
		Entry entry = Entry.of(kase);
		byId.compute(entry.id(), (id, held) -> {
			if (held != null && held.version() >= entry.version()) {
				return held;
			}
			if (held != null) {
				byJurisdiction.get(held.jurisdiction()).remove(held);
			}
			byJurisdiction.computeIfAbsent(entry.jurisdiction(), j -> new ConcurrentSkipListSet<>(NEWEST_CHANGE_FIRST))
				.add(entry);
			return entry;
		});
	}

	/** The store cleared a case's pending feedback in place (same version): so does the index. */
	void feedbackDelivered(String id, long version) {
		byId.computeIfPresent(id, (key, held) -> {
			if (held.version() != version || !held.feedbackPending()) {
				return held;
			}
			Entry delivered = new Entry(held.id(), held.version(), held.jurisdiction(), held.number(), held.status(),
					held.urgency(), held.situations(), held.lead(), held.activeTracks(), held.pending(), held.openedAt(),
					held.updatedAt(), false);
			NavigableSet<Entry> cases = byJurisdiction.get(held.jurisdiction());
			cases.remove(held);
			cases.add(delivered);
			return delivered;
		});
	}

	/** One more than a page of the jurisdiction's cases that match, newest change first. */
	List<CaseSummary> page(JurisdictionId jurisdiction, CaseQuery query, Cases.Cursor after, Instant now) {
		load();
		NavigableSet<Entry> cases = byJurisdiction.get(jurisdiction.value());
		if (cases == null) {
			return List.of();
		}
		NavigableSet<Entry> from = after == null ? cases
				: cases.tailSet(new Entry(after.id(), 0, null, null, null, null, Set.of(), null, List.of(), List.of(),
						null, after.updatedAt(), false), false);
		List<CaseSummary> page = new ArrayList<>(query.limit() + 1);
		for (Entry entry : from) {
			if (entry.matches(query, now)) {
				page.add(entry.summary(now));
				if (page.size() > query.limit()) {
					break;
				}
			}
		}
		return page;
	}

	/**
	 * The ids of cases written with feedback pending or notices in their outbox. A hint: the flag is
	 * cleared by a direct update the index does not see, so the caller reads each case to know.
	 */
	/** The ids of cases with a pending task due before the time. */
	List<String> withTasksDueBefore(Instant until) {
		load();
		return byId.values()
			.stream()
			.filter(e -> e.pending().stream().anyMatch(t -> t.due() != null && t.due().isBefore(until)))
			.map(Entry::id)
			.toList();
	}

	List<String> withPendingFeedback() {
		load();
		return byId.values().stream().filter(Entry::feedbackPending).map(Entry::id).toList();
	}

	/** Loads the index now, if it was not: at start, so that no one's first list waits for it. */
	void load() {
		if (loaded) {
			return;
		}
		synchronized (this) {
			if (!loaded) {
				everyCase.get().forEach(this::written);
				loaded = true;
			}
		}
	}
}
