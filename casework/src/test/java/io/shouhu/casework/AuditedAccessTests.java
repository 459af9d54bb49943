package io.shouhu.casework;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.shouhu.casework.TwoDistricts.INTAKE;
import static io.shouhu.casework.TwoDistricts.PROSECUTOR_B;
import static io.shouhu.casework.TwoDistricts.SOCIAL_WORKER;
import static io.shouhu.casework.TwoDistricts.SUPERVISOR;
import static io.shouhu.casework.TwoDistricts.aGirlOf13;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Every access leaves its entry before the answer; no entry, no answer. */
class AuditedAccessTests {

	private final TwoDistricts districts = new TwoDistricts();

	@AfterEach
	void close() {
		districts.close();
	}

	@Test
	void aReadWhoseAuditEntryCannotBeWrittenFailsInsteadOfAnswering() {
		ReportId report = districts.reported(aGirlOf13(), Situation.S2);
		AuditTrail down = new AuditTrail(districts.store.mongo, false, Optional.empty()) {
			@Override
			void record(AuditEvent event) {
				throw new IllegalStateException("the store refused the audit entry");
			}
		};
		Triage triage = new Triage(districts.reports, districts.attachments,
				new Audit(down, districts.reports, districts.cases));
		assertThatIllegalStateException().isThrownBy(() -> triage.report(INTAKE, report));
	}

	@Test
	void allowedAndDeniedReadsAndTheSystemsChangesAreEachRecorded() {
		ReportId report = districts.reported(aGirlOf13(), Situation.S2);
		Triage triage = new Triage(districts.reports, districts.attachments, districts.audit);
		triage.report(INTAKE, report);
		assertThatExceptionOfType(NotFound.class).isThrownBy(() -> triage.report(PROSECUTOR_B, report));
		assertThatExceptionOfType(NotPermitted.class).isThrownBy(() -> triage.report(SOCIAL_WORKER, report));
		CaseId kase = districts.accepted(report);
		TaskDetails guardian = districts.task(kase, "assess-guardian");
		TaskDetails acked = districts.management.acknowledgeTask(SOCIAL_WORKER, guardian.id(), guardian.revision());
		districts.management.completeTask(SOCIAL_WORKER, guardian.id(), acked.revision(), "已评估");

		List<AuditEntry> ofReport = districts.auditTrail.list(SUPERVISOR, report.value(), null, 200).entries();
		assertThat(ofReport).extracting(e -> e.actor() + " " + e.action() + " " + e.outcome().code())
			.contains("hospital-01 create allowed", "intake read allowed", "prosecutor-b read denied",
					"social-worker read denied", "intake accept allowed", "system feedback-in-progress allowed");
		assertThat(districts.auditTrail.list(SUPERVISOR, guardian.id().value(), null, 200).entries())
			.extracting(e -> e.actor() + " " + e.action())
			.contains("social-worker acknowledge-task", "social-worker complete-task");
		assertThat(districts.auditTrail.verify(SUPERVISOR).valid()).isTrue();
	}
}
