package io.shouhu.fhir;

import io.shouhu.casework.HospitalId;
import io.shouhu.casework.ReportId;
import io.shouhu.casework.ReportIntake;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Task;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;

/**
 * {@code GET /fhir/Task/{reportId}}: the status of a report, for the hospital that sent it. Another
 * hospital's report is "not found", exactly like one that does not exist.
 */
final class TaskResourceProvider implements IResourceProvider {

	private final ReportIntake intake;

	private final ReportTasks tasks;

	TaskResourceProvider(ReportIntake intake, ReportTasks tasks) {
		this.intake = intake;
		this.tasks = tasks;
	}

	@Override
	public Class<Task> getResourceType() {
		return Task.class;
	}

	/** The Task of one of the caller's reports. */
	@Read
	public Task read(@IdParam IdType id) {
		HospitalId caller = CallingHospital.current();
		return ReportId.parse(id.getIdPart())
			.flatMap(report -> intake.status(caller, report))
			.map(tasks::task)
			.orElseThrow(() -> new ResourceNotFoundException(new IdType("Task", id.getIdPart())));
	}
}
