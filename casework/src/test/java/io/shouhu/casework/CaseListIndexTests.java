package io.shouhu.casework;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory case list keeps the newest version of each case, whatever order writes arrive in. */
class CaseListIndexTests {

	static final Instant T = Instant.parse("2026-11-29T08:00:00Z");

	static final JurisdictionId LONGWAN = new JurisdictionId("longwan");

	static final CaseQuery ALL = new CaseQuery(null, null, null, null, null, null, null, 100);

	final List<Case> inStore = new ArrayList<>();

	final CaseListIndex index = new CaseListIndex(() -> inStore);

	@Test
	void aWriteThatRacedTheLoadIsNotUndoneByTheOlderStoredVersion() {
		inStore.add(aCase("c-1", 1, CaseStatus.OPEN, T));
		index.written(aCase("c-1", 2, CaseStatus.CLOSING, T.plusSeconds(60)));

		List<CaseSummary> listed = index.page(LONGWAN, ALL, null, T.plusSeconds(120));

		assertThat(listed).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(CaseStatus.CLOSING));
	}

	@Test
	void aChangeMovesTheCaseToTheTopAndAnOlderWriteChangesNothing() {
		index.written(aCase("c-1", 0, CaseStatus.OPEN, T));
		index.written(aCase("c-2", 0, CaseStatus.OPEN, T.plusSeconds(1)));
		index.written(aCase("c-1", 1, CaseStatus.OPEN, T.plusSeconds(2)));
		index.written(aCase("c-2", 0, CaseStatus.CLOSED, T.plusSeconds(3)));

		assertThat(index.page(LONGWAN, ALL, null, T)).extracting(c -> c.id().value(), CaseSummary::status)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("c-1", CaseStatus.OPEN),
					org.assertj.core.groups.Tuple.tuple("c-2", CaseStatus.OPEN));
		assertThat(index.page(new JurisdictionId("ouhai"), ALL, null, T)).isEmpty();
	}

	@Test
	void aPageContinuesStrictlyAfterItsCursorEvenAtTheSameMillisecond() {
		for (int i = 0; i < 5; i++) {
			index.written(aCase("c-" + i, 0, CaseStatus.OPEN, T));
		}
		CaseQuery two = new CaseQuery(null, null, null, null, null, null, null, 2);

		List<CaseSummary> first = index.page(LONGWAN, two, null, T);
		List<CaseSummary> second = index.page(LONGWAN, two,
				Cases.Cursor.parse(Cases.Cursor.after(first.get(1))), T);

		assertThat(first).extracting(c -> c.id().value()).containsExactly("c-4", "c-3", "c-2");
		assertThat(second).extracting(c -> c.id().value()).containsExactly("c-2", "c-1", "c-0");
	}

	@Test
	void pendingFeedbackIsForgottenOnlyWhenDeliveredForTheVersionHeld() {
		Case kase = aCase("c-1", 3, CaseStatus.OPEN, T);
		kase.feedbackPending = true;
		index.written(kase);

		index.feedbackDelivered("c-1", 2);
		assertThat(index.withPendingFeedback()).as("delivered for an older version").containsExactly("c-1");
		index.feedbackDelivered("c-1", 3);
		assertThat(index.withPendingFeedback()).isEmpty();
		assertThat(index.page(LONGWAN, ALL, null, T)).hasSize(1);
	}

	static Case aCase(String id, long version, CaseStatus status, Instant updatedAt) {
		Case kase = new Case();
		kase.id = id;
		kase.version = version;
		kase.jurisdiction = "longwan";
		kase.number = "LW-2026-" + id;
		kase.status = status;
		kase.urgency = Urgency.URGENT;
		kase.openedAt = T;
		kase.updatedAt = updatedAt;
		return kase;
	}
}
