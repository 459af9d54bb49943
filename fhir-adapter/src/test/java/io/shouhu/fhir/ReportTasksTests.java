package io.shouhu.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import io.shouhu.casework.HospitalId;
import io.shouhu.casework.IntakeKey;
import io.shouhu.casework.Jurisdiction;
import io.shouhu.casework.JurisdictionId;
import io.shouhu.casework.ReferenceData;
import io.shouhu.casework.ReportId;
import io.shouhu.casework.ReportStatus;
import io.shouhu.casework.ReportStatusView;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;

class ReportTasksTests {

	private static final FhirContext FHIR = new FhirServerConfiguration().fhirContext();

	private static final Instant RECEIVED = Instant.parse("2026-11-28T07:06:00.123Z");

	private static final Instant UPDATED = Instant.parse("2026-11-29T01:02:03.456Z");

	private final ReferenceData referenceData = mock(ReferenceData.class);

	private final ReportTasks tasks = new ReportTasks(referenceData);

	ReportTasksTests() {
		when(referenceData.jurisdiction(new JurisdictionId("longwan")))
			.thenReturn(Optional.of(new Jurisdiction(new JurisdictionId("longwan"), "温州市龙湾区人民检察院")));
	}

	@Test
	void theTaskCarriesTheHospitalsOwnIdentifiersAndTheJurisdiction() {
		Task task = tasks.task(view(new IntakeKey("https://hospital-01.example.cn/fhir/sid/mandatory-report", "MR-1"),
				"urn:uuid:2c8d9e0f-3a4b-4c5d-9e6f-7a8b9c0d1e2f"));

		assertThat(task.getIdElement().getIdPart()).isEqualTo("3f0c9a4e-7b21-4c55-9d1e-0a2b3c4d5e6f");
		assertThat(task.getIdentifierFirstRep().getSystem()).isEqualTo("https://hospital-01.example.cn/fhir/sid/mandatory-report");
		assertThat(task.getIdentifierFirstRep().getValue()).isEqualTo("MR-1");
		assertThat(task.getFocus().hasReference()).isFalse();
		assertThat(task.getFocus().getIdentifier().getSystem())
			.isEqualTo("https://hospital-01.example.cn/fhir/sid/mandatory-report");
		assertThat(task.getFocus().getIdentifier().getValue()).isEqualTo("MR-1");
		assertThat(task.getFocus().getDisplay()).isNotBlank();
		assertThat(task.getFor().getReference()).isEqualTo("urn:uuid:2c8d9e0f-3a4b-4c5d-9e6f-7a8b9c0d1e2f");
		assertThat(task.getOwner().getIdentifier().getSystem()).isEqualTo("https://shouhu.io/fhir/sid/jurisdiction");
		assertThat(task.getOwner().getIdentifier().getValue()).isEqualTo("longwan");
		assertThat(task.getOwner().getDisplay()).isEqualTo("温州市龙湾区人民检察院");
		assertThat(task.getRequester().getIdentifier().getValue()).isEqualTo("hospital-01");
		assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.RECEIVED);
		assertThat(task.getBusinessStatus().getText()).isEqualTo("已收到，等待检察机关受理");
		assertThat(task.getAuthoredOn()).isEqualTo(Date.from(RECEIVED));
		assertThat(task.getLastModified()).isEqualTo(Date.from(UPDATED));
		assertThat(task.getMeta().getLastUpdated()).isEqualTo(Date.from(UPDATED));
		String json = FHIR.newJsonParser().encodeResourceToString(task);
		assertThat(json).as("to the millisecond, in the hospitals' zone").contains("\"lastModified\":\"2026-11-29T09:02:03.456+08:00\"",
				"\"authoredOn\":\"2026-11-28T15:06:00.123+08:00\"", "\"lastUpdated\":\"2026-11-29T09:02:03.456+08:00\"");
	}

	@Test
	void anIdentifierSentWithoutASystemComesBackWithout() {
		Task task = tasks.task(view(new IntakeKey(null, "MR-2"), null));

		assertThat(task.getIdentifierFirstRep().hasSystem()).isFalse();
		assertThat(task.getFocus().getIdentifier().hasSystem()).isFalse();
		assertThat(task.hasFor()).isFalse();
	}

	@Test
	void anUnknownJurisdictionIsShownByItsId() {
		Task task = tasks.task(new ReportStatusView(new ReportId("r-1"), new HospitalId("hospital-01"),
				new JurisdictionId("nowhere"), new IntakeKey("s", "v"), null, ReportStatus.RECEIVED, RECEIVED, RECEIVED));

		assertThat(task.getOwner().getDisplay()).isEqualTo("nowhere");
	}

	@Test
	void everyReportStatusHasATaskStatusAndAText() {
		for (ReportStatus status : ReportStatus.values()) {
			assertThatCode(() -> ReportTasks.status(status)).as(status.name()).doesNotThrowAnyException();
			assertThatCode(() -> ReportTasks.businessStatus(status)).as(status.name()).doesNotThrowAnyException();
		}
	}

	@Test
	void aRejectedReportSaysWhyInTheReportersWordsOnly() {
		Task task = tasks.task(new ReportStatusView(new ReportId("r-1"), new HospitalId("hospital-01"),
				new JurisdictionId("longwan"), new IntakeKey("s", "v"), null, ReportStatus.REJECTED, RECEIVED, UPDATED,
				io.shouhu.casework.RejectionReason.DUPLICATE));

		assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
		assertThat(task.getStatusReason().getCodingFirstRep().getSystem())
			.isEqualTo("https://shouhu.io/fhir/CodeSystem/rejection-reason");
		assertThat(task.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("duplicate");
		assertThat(task.getStatusReason().getText()).isEqualTo("该情况已有报告，正在处理中");
	}

	@Test
	void aProposedRejectionIsStillReceivedForTheHospital() {
		assertThat(ReportTasks.status(ReportStatus.REJECTION_PROPOSED)).isEqualTo(Task.TaskStatus.RECEIVED);
		assertThat(ReportTasks.businessStatus(ReportStatus.REJECTION_PROPOSED))
			.isEqualTo(ReportTasks.businessStatus(ReportStatus.RECEIVED));
	}

	@Test
	void theTaskNamesNeitherTheChildNorTheReporter() {
		String json = FHIR.newJsonParser().encodeResourceToString(tasks.task(view(new IntakeKey("s", "v"), "Patient/p-1")));

		assertThat(json).doesNotContain("示例", "演示", "DEMO-D-0001", "000000201305200000", "2013-05-20");
	}

	private static ReportStatusView view(IntakeKey key, String subject) {
		return new ReportStatusView(new ReportId("3f0c9a4e-7b21-4c55-9d1e-0a2b3c4d5e6f"), new HospitalId("hospital-01"),
				new JurisdictionId("longwan"), key, subject, ReportStatus.RECEIVED, RECEIVED, UPDATED);
	}
}
