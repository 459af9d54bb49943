package io.shouhu.casework;

import static io.shouhu.casework.TwoDistricts.INTAKE;
import static io.shouhu.casework.TwoDistricts.SUPERVISOR;
import static io.shouhu.casework.TwoDistricts.aGirlOf13;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Every triage test again as the embedded store deployment runs, where the casework sweep finds its
 * reports from memory, the store having no index for them: the sweep must find what it found by query.
 */
class TriageDecisionsOnTheEmbeddedStoreTests extends TriageDecisionsTests {

	@Override
	TwoDistricts districts() {
		return TwoDistricts.withCaseListInMemory();
	}

	@Test
	void aDecisionTheStoreHeldAtTheStartIsCarriedOutByTheFirstSweep() {
		ReportId id = districts.reported(aGirlOf13(), Situation.S2);
		Report report = acceptRecorded(id);
		// Written by the process before this one, which crashed before the case was opened.
		districts.store.mongo.save(report);

		districts.sweeps.sweep();

		assertThat(districts.report(id).isCaseLinked()).isTrue();
		assertThat(districts.cases.count()).isEqualTo(1);
	}

	@Test
	void aProposedRejectionIsSaidAgainByEachSweepUntilTheSupervisorDecides() {
		ReportId report = districts.reported(aGirlOf13(), Situation.S9);
		districts.sweeps.sweep();
		districts.decisions.proposeRejection(INTAKE, report, districts.report(report).version(),
				RejectionReason.NOT_REPORTABLE, "系运动损伤");
		districts.published.clear();

		districts.sweeps.sweep();
		districts.sweeps.sweep();

		assertThat(districts.published(CaseEvents.RejectionProposed.class)).hasSize(2);

		districts.decisions.approveRejection(SUPERVISOR, report, districts.report(report).version());
		districts.published.clear();
		districts.sweeps.sweep();

		assertThat(districts.published(CaseEvents.RejectionProposed.class)).isEmpty();
		assertThat(districts.reports.awaitingCase()).isEmpty();
	}
}
