package io.shouhu.notification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * When each active escalation chain falls due, kept in memory. This is used with the embedded store
 * only: it has no index for the sweep's query, and would read every chain ever started, with the store
 * locked, at each sweep (ADR 0008). It is exact only where this process is the store's only writer.
 * <p>
 * The time held for a chain is never later than the store's, so no due chain is missed:
 * <ul>
 * <li>Before each write, the chain holds the earlier of its time and the time the write sets.</li>
 * <li>After a write, it holds the written time, unless another write of the chain began meanwhile;
 * then it holds the earlier time again. A stop drops the chain, unless another write began.</li>
 * <li>A write whose outcome is unknown leaves the chain due at once, for the sweep to look at.</li>
 * <li>The sweep reads each chain that memory says is due from the store. It keeps the store's time,
 * or drops a stopped chain, unless a write began meanwhile.</li>
 * <li>After a start, the first sweep reads every active chain from the store, once.</li>
 * </ul>
 */
final class DueTimes {

	private record Due(long write, Instant at) {
	}

	private final Supplier<List<EscalationDocument>> activeInStore;

	private final ConcurrentMap<String, Due> chains = new ConcurrentHashMap<>();

	private final AtomicLong writes = new AtomicLong();

	private volatile boolean loaded;

	/** @param activeInStore every chain not stopped, as the store has it: read once */
	DueTimes(Supplier<List<EscalationDocument>> activeInStore) {
		this.activeInStore = activeInStore;
	}

	/** Before a write that makes the chain due at {@code at}; pass the result to {@link #written}. */
	long writing(String id, Instant at) {
		long write = writes.incrementAndGet();
		chains.merge(id, new Due(write, at), (held, next) -> new Due(write, earlier(held.at(), at)));
		return write;
	}

	/** Before a write that may stop the chain; pass the result to {@link #written}. */
	long stopping(String id) {
		long write = writes.incrementAndGet();
		chains.computeIfPresent(id, (key, held) -> new Due(write, held.at()));
		return write;
	}

	/** After a write that changed the store: the chain is now due at {@code at}, or stopped ({@code null}). */
	void written(String id, long write, Instant at) {
		chains.compute(id, (key, held) -> {
			if (held == null || held.write() == write) {
				return at == null ? null : new Due(write, at);
			}
			// Another write began meanwhile; which of the two the store kept is unknown.
			return at == null ? held : new Due(held.write(), earlier(held.at(), at));
		});
	}

	/** After a write whose outcome is unknown: the sweep looks at the chain next time. */
	void unsure(String id) {
		chains.put(id, new Due(writes.incrementAndGet(), Instant.MIN));
	}

	/**
	 * The chains due at {@code now} as the store has them, earliest first, at most {@code limit}.
	 * @param byId reads a chain from the store
	 */
	List<EscalationDocument> due(Instant now, Function<String, EscalationDocument> byId, int limit) {
		load();
		List<Map.Entry<String, Due>> candidates = chains.entrySet()
			.stream()
			.filter(chain -> !chain.getValue().at().isAfter(now))
			.map(chain -> Map.entry(chain.getKey(), chain.getValue()))
			.sorted(Comparator.comparing(chain -> chain.getValue().at()))
			.toList();
		List<EscalationDocument> found = new ArrayList<>();
		for (Map.Entry<String, Due> candidate : candidates) {
			if (found.size() >= limit) {
				break;
			}
			EscalationDocument stored = byId.apply(candidate.getKey());
			if (stored == null || stored.stopped() || stored.dueAt() == null) {
				chains.remove(candidate.getKey(), candidate.getValue());
			}
			else if (stored.dueAt().isAfter(now)) {
				chains.replace(candidate.getKey(), candidate.getValue(),
						new Due(candidate.getValue().write(), stored.dueAt()));
			}
			else {
				found.add(stored);
			}
		}
		found.sort(Comparator.comparing(EscalationDocument::dueAt));
		return found;
	}

	/** How many chains are held. */
	int size() {
		return chains.size();
	}

	private void load() {
		if (loaded) {
			return;
		}
		synchronized (this) {
			if (!loaded) {
				for (EscalationDocument chain : activeInStore.get()) {
					chains.putIfAbsent(chain.id(), new Due(writes.incrementAndGet(), chain.dueAt()));
				}
				loaded = true;
			}
		}
	}

	private static Instant earlier(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}
}
