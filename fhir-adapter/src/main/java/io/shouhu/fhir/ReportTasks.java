package io.shouhu.fhir;

import java.util.Date;

import io.shouhu.casework.Hospital;
import io.shouhu.casework.Jurisdiction;
import io.shouhu.casework.ReferenceData;
import io.shouhu.casework.ReportStatus;
import io.shouhu.casework.ReportStatusView;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * The hospital's view of one report as a FHIR Task: where it stands and who owns it, nothing of the
 * case, the child or the reporter (the reporter's identity is sealed, and the hospital already has
 * the rest).
 */
final class ReportTasks {

	static final String TASK_CODE_TEXT = "mandatory report";

	private final ReferenceData referenceData;

	ReportTasks(ReferenceData referenceData) {
		this.referenceData = referenceData;
	}

	Task task(ReportStatusView report) {
		Task task = new Task();
		task.setId(report.report().value());
		task.setStatus(status(report.status()));
		task.setIntent(Task.TaskIntent.ORDER);
		task.setCode(new CodeableConcept().setText(TASK_CODE_TEXT));
		Date received = Date.from(report.receivedAt());
		task.setAuthoredOn(received);
		task.setLastModified(received);
		task.setRequester(new Reference().setType("Organization")
			.setIdentifier(new Identifier().setSystem(FhirContract.HOSPITAL_SYSTEM).setValue(report.hospital().value())));
		task.setOwner(new Reference().setType("Organization").setDisplay(jurisdiction(report)));
		return task;
	}

	private static Task.TaskStatus status(ReportStatus status) {
		return switch (status) {
			case RECEIVED -> Task.TaskStatus.RECEIVED;
		};
	}

	private String jurisdiction(ReportStatusView report) {
		return referenceData.hospital(report.hospital())
			.map(Hospital::jurisdiction)
			.map(id -> referenceData.jurisdiction(id).map(Jurisdiction::name).orElse(id.value()))
			.orElse(null);
	}
}
