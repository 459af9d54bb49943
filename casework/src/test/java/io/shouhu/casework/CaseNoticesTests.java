package io.shouhu.casework;

import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.shouhu.casework.TwoDistricts.PROSECUTOR;
import static io.shouhu.casework.TwoDistricts.SOCIAL_WORKER;
import static io.shouhu.casework.TwoDistricts.SUPERVISOR;
import static io.shouhu.casework.TwoDistricts.aGirlOf13;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a change to a case must tell others (a task for someone, a closure to approve) is stored with
 * the change: published after it, or by the sweep when the process stopped in between.
 */
class CaseNoticesTests {

	private final TwoDistricts districts = new TwoDistricts();

	@AfterEach
	void close() {
		districts.close();
	}

	@Test
	void aNoticeIsStoredWithTheChangeAndEmptiedOncePublished() {
		CaseId kase = districts.accepted(districts.reported(aGirlOf13(), Situation.S2));
		assertThat(districts.published(CaseEvents.TaskAssigned.class)).isNotEmpty();
		assertThat(stored(kase).getList("outbox", Object.class)).isEmpty();
	}

	@Test
	void aChangeWhosePublishingWasCutShortIsPublishedByTheSweep() {
		CaseId kase = districts.accepted(districts.reported(aGirlOf13(), Situation.S2));
		districts.published.clear();
		// The process stops right after the save: the change is stored, nothing was said.
		Case changed = districts.kase(kase);
		changed.requestTransfer(TwoDistricts.OUHAI, "孩子已随母亲迁居瓯海", SUPERVISOR.user(), districts.clock.instant());
		districts.cases.save(changed);
		assertThat(stored(kase).getList("outbox", Object.class)).hasSize(1);
		assertThat(districts.published).isEmpty();

		districts.sweeps.sweep();
		districts.sweeps.sweep();

		assertThat(districts.published(CaseEvents.TransferRequested.class))
			.containsExactly(new CaseEvents.TransferRequested(kase, TwoDistricts.LONGWAN, TwoDistricts.OUHAI,
					changed.updatedAt));
		assertThat(stored(kase).getList("outbox", Object.class)).isEmpty();
	}

	@Test
	void theVersionAChangeReturnsStaysCurrentAfterItsNoticesAndFeedbackAreDelivered() {
		ReportId report = districts.reported(aGirlOf13(), Situation.S2);
		CaseId kase = districts.accepted(report);
		TaskDetails guardian = districts.task(kase, "assess-guardian");
		TaskDetails acknowledged = districts.management.acknowledgeTask(SOCIAL_WORKER, guardian.id(),
				guardian.revision());
		districts.management.completeTask(SOCIAL_WORKER, guardian.id(), acknowledged.revision(), "已完成评估");
		assertThat(districts.hospitalSees(report)).isEqualTo(ReportStatus.IN_PROGRESS);

		CaseDetails changed = districts.management.setContactChannel(PROSECUTOR, kase, districts.version(kase),
				"母亲的工作电话");
		assertThat(changed.version()).as("what the caller's next If-Match will say").isEqualTo(districts.version(kase));
		List<Object> sweptAgain = List.copyOf(districts.published);
		districts.sweeps.sweep();
		assertThat(districts.published).hasSameSizeAs(sweptAgain);
	}

	private Document stored(CaseId id) {
		return districts.store.mongo.getCollection("cases").find(new Document("_id", id.value())).first();
	}
}
