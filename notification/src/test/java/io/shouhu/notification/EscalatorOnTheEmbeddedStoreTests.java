package io.shouhu.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * Every escalation test again as the embedded store deployment runs, where the sweep finds the due
 * chains from memory, the store having no index for them: it must find what the query found.
 */
class EscalatorOnTheEmbeddedStoreTests extends EscalatorTests {

	@Override
	Escalations escalations() {
		return new Escalations(store.mongo, true);
	}

	@Test
	void aChainTheStoreHeldAtTheStartIsMovedOnByTheFirstSweepDueAfterIt() {
		reportInImmediateDanger();
		EscalationDocument started = escalations.byId(Escalator.idFor("report-received", "r-1"));
		// The process that started the chain stopped; this one knows it from the store only.
		Escalations restarted = new Escalations(store.mongo, true);
		Escalator escalator = new Escalator(restarted, alerts, dispatcher, referenceData, Optional.of(triage),
				Optional.of(cases), policy, Optional.of(clock));

		clock.advance(Duration.ofMinutes(9));
		escalator.sweep();
		assertThat(inbox.of(BOSS)).isEmpty();

		clock.advance(Duration.ofMinutes(1));
		escalator.sweep();
		assertThat(inbox.of(BOSS)).hasSize(1);
		assertThat(restarted.byId(started.id()).level()).isEqualTo(started.level() + 1);
	}
}
