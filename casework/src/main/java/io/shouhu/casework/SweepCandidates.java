package io.shouhu.casework;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The ids of the documents a sweep must look at, kept in memory because the store cannot find them
 * by an index. The embedded store keeps only unique indexes: a sweep's query there reads and
 * deserialises every document of the collection, with the store locked meanwhile, which at nine
 * thousand reports held every request up for about a second at each sweep. Right only where this
 * process is the store's only writer, as with the embedded store (like the case list in memory, see
 * {@link Cases}); a real MongoDB answers the sweep's query by its index instead.
 * <p>
 * The set may hold more than the sweep must handle, never less: a document's id is added before each
 * write of it, and dropped after the write only if the written document needs no sweep and no later
 * write of it began meanwhile. The sweep reads each candidate from the store, the only truth, and drops
 * those that need nothing, again only if not written meanwhile. After a start the set is read from the
 * store once, by the sweep's own query, on the first sweep.
 */
final class SweepCandidates {

	private final Supplier<List<String>> everyIdNeedingTheSweep;

	/** Candidate ids, each with the number of the last write of it begun (or of its loading). */
	private final ConcurrentMap<String, Long> ids = new ConcurrentHashMap<>();

	private final AtomicLong writes = new AtomicLong();

	private volatile boolean loaded;

	/** @param everyIdNeedingTheSweep the store's answer, read once: every id the sweep must look at now */
	SweepCandidates(Supplier<List<String>> everyIdNeedingTheSweep) {
		this.everyIdNeedingTheSweep = everyIdNeedingTheSweep;
	}

	/** Before a document is written: it is a candidate until its write is known to need no sweep. */
	long writing(String id) {
		long write = writes.incrementAndGet();
		ids.put(id, write);
		return write;
	}

	/** After a write that succeeded, with the document as written. */
	void written(String id, long write, boolean needsSweep) {
		if (needsSweep) {
			// A sweep that read the document before this write may have dropped it meanwhile.
			ids.put(id, writes.incrementAndGet());
		}
		else {
			ids.remove(id, write);
		}
	}

	/**
	 * The candidates' documents that {@code match}, each read from the store. A candidate the store no
	 * longer has, or whose document needs no sweep at all, is dropped (unless written meanwhile).
	 * @param byId reads a document from the store
	 * @param match what this sweep looks for
	 * @param needsSweep what any sweep over these candidates looks for; {@code match} implies it
	 */
	<T> List<T> find(Function<String, Optional<T>> byId, Predicate<T> match, Predicate<T> needsSweep) {
		load();
		List<T> found = new ArrayList<>();
		for (Map.Entry<String, Long> candidate : List.copyOf(ids.entrySet())) {
			Optional<T> document = byId.apply(candidate.getKey());
			if (document.isEmpty() || !needsSweep.test(document.get())) {
				ids.remove(candidate.getKey(), candidate.getValue());
			}
			else if (match.test(document.get())) {
				found.add(document.get());
			}
		}
		return found;
	}

	/** How many ids the sweep would read now. */
	int size() {
		return ids.size();
	}

	private void load() {
		if (loaded) {
			return;
		}
		synchronized (this) {
			if (!loaded) {
				for (String id : everyIdNeedingTheSweep.get()) {
					ids.putIfAbsent(id, writes.incrementAndGet());
				}
				loaded = true;
			}
		}
	}
}
