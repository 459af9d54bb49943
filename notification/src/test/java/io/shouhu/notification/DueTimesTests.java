package io.shouhu.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The due times in memory never hold a chain later than the store does, whatever the order of writes
 * and sweeps, so no due chain is missed; the store (here a map) is the truth.
 */
class DueTimesTests {

	private static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");

	private final Map<String, EscalationDocument> store = new HashMap<>();

	private final DueTimes due = new DueTimes(
			() -> store.values().stream().filter(chain -> !chain.stopped()).toList());

	private static EscalationDocument chain(String id, int minutes, boolean stopped) {
		return new EscalationDocument(id, "report-received", "r-" + id, "critical", "longwan", "r-" + id, null, null,
				null, 0, 0, T0.plusSeconds(60L * minutes), stopped, null, null, T0);
	}

	private List<String> dueAt(int minutes) {
		return due.due(T0.plusSeconds(60L * minutes), store::get, 500).stream().map(EscalationDocument::id).toList();
	}

	private void write(String id, int minutes) {
		long write = due.writing(id, T0.plusSeconds(60L * minutes));
		store.put(id, chain(id, minutes, false));
		due.written(id, write, T0.plusSeconds(60L * minutes));
	}

	@Test
	void theFirstSweepFindsTheChainsTheStoreHeldAtTheStartAndThoseStartedSince() {
		store.put("old", chain("old", 5, false));
		store.put("stopped", chain("stopped", 5, true));
		write("new", 7);

		assertThat(dueAt(4)).isEmpty();
		assertThat(dueAt(10)).containsExactly("old", "new");
	}

	@Test
	void aStoppedChainIsNoLongerDue() {
		write("a", 5);
		long write = due.stopping("a");
		store.put("a", chain("a", 5, true));
		due.written("a", write, null);

		assertThat(dueAt(10)).isEmpty();
		assertThat(due.size()).isZero();
	}

	@Test
	void whenTwoWritesOverlapTheEarlierTimeIsHeldWhicheverTheStoreKept() {
		write("b", 30);
		long first = due.writing("b", T0.plusSeconds(60L * 10));
		long second = due.writing("b", T0.plusSeconds(60L * 20));
		store.put("b", chain("b", 20, false));
		due.written("b", second, T0.plusSeconds(60L * 20));
		store.put("b", chain("b", 10, false)); // the first write lands last
		due.written("b", first, T0.plusSeconds(60L * 10));

		assertThat(dueAt(10)).containsExactly("b");
	}

	@Test
	void aChainStartedTwiceIsLookedAtInTheStoreAndItsTimeTakenFromThere() {
		store.put("c", chain("c", 3, false));
		due.writing("c", T0.plusSeconds(60L * 30));
		due.unsure("c"); // the insert found the chain started already

		assertThat(dueAt(1)).isEmpty();
		assertThat(dueAt(3)).containsExactly("c");
	}

	@Test
	void aWriteThatLandsWhileTheSweepReadsTheChainIsNotLost() {
		write("d", 30);
		long write = due.writing("d", T0.plusSeconds(60L * 5));
		List<EscalationDocument> found = due.due(T0.plusSeconds(60L * 10), id -> {
			EscalationDocument read = store.get(id); // the sweep reads the chain before the write lands
			store.put("d", chain("d", 5, false));
			return read;
		}, 500);
		due.written("d", write, T0.plusSeconds(60L * 5));

		assertThat(found).isEmpty();
		assertThat(dueAt(10)).containsExactly("d");
	}

	@Test
	void aWriteMadeWhileTheSweepReadsTheChainKeepsItsTimeOverWhatTheSweepRead() {
		write("e", 30);
		due.unsure("e");
		List<EscalationDocument> found = due.due(T0.plusSeconds(60L * 10), id -> {
			EscalationDocument read = store.get(id); // due at 30 as the sweep reads it; then a whole write
			write("e", 5);
			return read;
		}, 500);

		assertThat(found).isEmpty();
		assertThat(dueAt(10)).containsExactly("e");
	}
}
