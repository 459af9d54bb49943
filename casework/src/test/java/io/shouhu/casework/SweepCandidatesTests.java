package io.shouhu.casework;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

/**
 * The sweep's candidates never lose a document that needs the sweep, whatever the order of writes and
 * sweeps; the store (here a map of each document's state) is the truth.
 */
class SweepCandidatesTests {

	private final Map<String, String> store = new HashMap<>(Map.of("at-start", "pending", "done-at-start", "done"));

	private final SweepCandidates candidates = new SweepCandidates(
			() -> store.entrySet().stream().filter(e -> e.getValue().equals("pending")).map(Map.Entry::getKey).toList());

	private static final Predicate<String> PENDING = "pending"::equals;

	private List<String> sweep() {
		return candidates.find(id -> Optional.ofNullable(store.get(id)).map(state -> id + ":" + state),
				document -> document.endsWith(":pending"), document -> document.endsWith(":pending"));
	}

	private void write(String id, String state) {
		long write = candidates.writing(id);
		store.put(id, state);
		candidates.written(id, write, PENDING.test(state));
	}

	@Test
	void theFirstSweepFindsWhatTheStoreHeldAtTheStartAndWhatWasWrittenSince() {
		write("new", "pending");
		write("settled", "done");

		assertThat(sweep()).containsExactlyInAnyOrder("at-start:pending", "new:pending");
		assertThat(candidates.size()).isEqualTo(2);
	}

	@Test
	void aDocumentNoLongerPendingIsDroppedAndOnePendingAgainIsFoundAgain() {
		write("a", "pending");
		assertThat(sweep()).contains("a:pending");

		write("a", "done");
		assertThat(sweep()).doesNotContain("a:pending");

		write("a", "pending");
		assertThat(sweep()).contains("a:pending");
	}

	@Test
	void aWriteThatFailedLeavesItsDocumentACandidateTheSweepChecks() {
		candidates.writing("failed"); // and the write threw: the store has nothing

		assertThat(sweep()).doesNotContain("failed:pending");
		assertThat(candidates.size()).isEqualTo(1);
	}

	@Test
	void aWriteDuringTheSweepsReadIsNotLostWhenTheSweepDropsWhatItRead() {
		write("b", "done");
		long write = candidates.writing("b"); // a write begins; the sweep reads "b" before it lands
		List<String> found = candidates.find(id -> {
			Optional<String> read = Optional.ofNullable(store.get(id)).map(state -> id + ":" + state);
			if (id.equals("b")) {
				store.put("b", "pending");
			}
			return read;
		}, document -> document.endsWith(":pending"), document -> document.endsWith(":pending"));
		candidates.written("b", write, true);

		assertThat(found).doesNotContain("b:pending");
		assertThat(sweep()).contains("b:pending");
	}
}
