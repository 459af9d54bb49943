package io.shouhu.fhir;

import java.util.Date;
import java.util.TimeZone;

import io.shouhu.casework.IntakeKey;
import io.shouhu.casework.Jurisdiction;
import io.shouhu.casework.ReferenceData;
import io.shouhu.casework.ReportStatus;
import io.shouhu.casework.ReportStatusView;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;

/**
 * The hospital's view of one report as a FHIR Task: where it stands and who owns it, nothing of the
 * case, the child or the reporter (the reporter's identity is sealed, and the hospital already has
 * the rest). docs/fhir/status-feedback.md describes each element.
 */
final class ReportTasks {

	static final String TASK_CODE_TEXT = "mandatory report";

	static final String JURISDICTION_SYSTEM = "https://shouhu.io/fhir/sid/jurisdiction";

	/** The code system of {@code Task.statusReason} for a rejected report. */
	static final String REJECTION_REASON_SYSTEM = "https://shouhu.io/fhir/CodeSystem/rejection-reason";

	/** The display of {@code Task.focus}: the report is the hospital's message, which Shouhu does not serve back. */
	static final String FOCUS_DISPLAY = "强制报告 mandatory report";

	/** Times are written in the hospitals' own zone, +08:00. */
	private static final TimeZone ZONE = TimeZone.getTimeZone(FhirContract.ENCOUNTER_ZONE);

	private final ReferenceData referenceData;

	ReportTasks(ReferenceData referenceData) {
		this.referenceData = referenceData;
	}

	Task task(ReportStatusView report) {
		Task task = new Task();
		task.setId(report.report().value());
		task.getMeta().setLastUpdatedElement(new InstantType(Date.from(report.lastUpdated()), TemporalPrecisionEnum.MILLI, ZONE));
		if (report.intakeKey() != null) {
			task.addIdentifier(identifier(report.intakeKey()));
			// A logical reference: the report is the message the hospital sent, known to it by its own
			// Bundle.identifier; Shouhu serves no resource for it.
			task.setFocus(new Reference().setIdentifier(identifier(report.intakeKey())).setDisplay(FOCUS_DISPLAY));
		}
		task.setStatus(status(report.status()));
		task.setBusinessStatus(new CodeableConcept().setText(businessStatus(report.status())));
		if (report.status() == ReportStatus.REJECTED && report.rejectionReason() != null) {
			// The reason's fixed wording for reporters, never the prosecutor's own note.
			task.setStatusReason(new CodeableConcept().addCoding(new Coding(REJECTION_REASON_SYSTEM,
					report.rejectionReason().code(), report.rejectionReason().reporterText(false)))
				.setText(report.rejectionReason().reporterText(false)));
		}
		task.setIntent(Task.TaskIntent.ORDER);
		task.setCode(new CodeableConcept().setText(TASK_CODE_TEXT));
		if (report.subjectReference() != null && !report.subjectReference().isBlank()) {
			// Exactly as the hospital wrote it (often a urn:uuid of its own Bundle): it lets the HIS match
			// the Task to its patient without Shouhu repeating anything about the child.
			task.setFor(new Reference(report.subjectReference()));
		}
		// to the millisecond, as meta.lastUpdated: a hospital may search _lastUpdated=gt{lastModified}
		task.setAuthoredOnElement(new DateTimeType(Date.from(report.receivedAt()), TemporalPrecisionEnum.MILLI, ZONE));
		task.setLastModifiedElement(new DateTimeType(Date.from(report.lastUpdated()), TemporalPrecisionEnum.MILLI, ZONE));
		task.setRequester(new Reference().setType("Organization")
			.setIdentifier(new Identifier().setSystem(FhirContract.HOSPITAL_SYSTEM).setValue(report.hospital().value())));
		task.setOwner(new Reference().setType("Organization")
			.setIdentifier(new Identifier().setSystem(JURISDICTION_SYSTEM).setValue(report.jurisdiction().value()))
			.setDisplay(jurisdictionName(report)));
		return task;
	}

	/**
	 * The Task status of a report status. By name, so that the statuses casework is to add map as the
	 * contract promises the moment they exist; ReportTasksTests fails for a status added without one.
	 */
	static Task.TaskStatus status(ReportStatus status) {
		return switch (status.name()) {
			case "RECEIVED" -> Task.TaskStatus.RECEIVED;
			// intake proposed to reject, the supervisor has not decided: still received for the hospital
			case "REJECTION_PROPOSED" -> Task.TaskStatus.RECEIVED;
			// a case was opened for the report, or the report was merged into an open one
			case "ACCEPTED" -> Task.TaskStatus.ACCEPTED;
			case "REJECTED" -> Task.TaskStatus.REJECTED;
			case "IN_PROGRESS" -> Task.TaskStatus.INPROGRESS;
			case "COMPLETED" -> Task.TaskStatus.COMPLETED;
			default -> throw new IllegalStateException("No Task status for report status " + status.name());
		};
	}

	/**
	 * What the reporter is told. Deliberately the same words whatever happened inside the case (opened
	 * or merged, which measures were taken): art. 11 gives the reporter the right to hear the outcome,
	 * not the case file.
	 */
	static String businessStatus(ReportStatus status) {
		return switch (status.name()) {
			case "RECEIVED", "REJECTION_PROPOSED" -> "已收到，等待检察机关受理";
			case "ACCEPTED" -> "检察机关已受理";
			case "REJECTED" -> "检察机关决定不予受理";
			case "IN_PROGRESS" -> "检察机关正在处理";
			case "COMPLETED" -> "检察机关已处理完毕";
			default -> throw new IllegalStateException("No business status for report status " + status.name());
		};
	}

	private static Identifier identifier(IntakeKey key) {
		Identifier identifier = new Identifier().setValue(key.value());
		// casework keeps a missing system as "": give it back missing, as it was sent
		if (!key.system().isEmpty()) {
			identifier.setSystem(key.system());
		}
		return identifier;
	}

	private String jurisdictionName(ReportStatusView report) {
		return referenceData.jurisdiction(report.jurisdiction())
			.map(Jurisdiction::name)
			.orElse(report.jurisdiction().value());
	}
}
