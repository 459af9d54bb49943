package io.shouhu.casework;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Take in one report from a hospital.
 *
 * @param hospital the hospital the sender is authenticated as
 * @param workstation the workstation the report was made at; must belong to {@code hospital}
 * @param intakeKey the sender's identifier of the report, unique per hospital
 * @param payloadDigest a digest of the report as sent, to tell a resend from a different report
 * @param child the minor
 * @param reporter the doctor (sealed)
 * @param situations the statutory situations the hospital declared, at least one
 * @param urgency how urgent the hospital says it is
 * @param encounterDate the date of the encounter in Asia/Shanghai, the date ages are taken on
 * @param summary a short clinical description from the hospital, may be {@code null}
 * @param subjectReference the patient reference as the hospital sent it (e.g. {@code Patient/123} or a
 * {@code urn:uuid:}), given back on the status Task; may be {@code null}
 * @param attachments files sent with the report (photos of injuries), each at most 10 MB
 * @param clinicalCodes the codes of the conditions, findings and encounter reasons sent with the report,
 * for the reportability rules to check the declared situations against; read at intake, never stored
 */
public record SubmitReport(HospitalId hospital, WorkstationId workstation, IntakeKey intakeKey,
		String payloadDigest, Child child, Reporter reporter, Set<Situation> situations, Urgency urgency,
		LocalDate encounterDate, String summary, String subjectReference, List<AttachmentContent> attachments,
		List<ClinicalCode> clinicalCodes) {

	public SubmitReport {
		Objects.requireNonNull(hospital, "hospital");
		Objects.requireNonNull(workstation, "workstation");
		Objects.requireNonNull(intakeKey, "intakeKey");
		Objects.requireNonNull(payloadDigest, "payloadDigest");
		Objects.requireNonNull(child, "child");
		Objects.requireNonNull(urgency, "urgency");
		Objects.requireNonNull(encounterDate, "encounterDate");
		situations = Set.copyOf(situations);
		reporter = reporter == null ? new Reporter(null, null, null) : reporter;
		if (subjectReference != null && subjectReference.length() > 512) {
			subjectReference = null;
		}
		attachments = attachments == null ? List.of() : List.copyOf(attachments);
		clinicalCodes = clinicalCodes == null ? List.of()
				: clinicalCodes.stream().filter(Objects::nonNull).toList();
	}

	/** A report without clinical codes. */
	public SubmitReport(HospitalId hospital, WorkstationId workstation, IntakeKey intakeKey, String payloadDigest,
			Child child, Reporter reporter, Set<Situation> situations, Urgency urgency, LocalDate encounterDate,
			String summary, String subjectReference, List<AttachmentContent> attachments) {
		this(hospital, workstation, intakeKey, payloadDigest, child, reporter, situations, urgency, encounterDate,
				summary, subjectReference, attachments, List.of());
	}

	/** A report without attachments or clinical codes. */
	public SubmitReport(HospitalId hospital, WorkstationId workstation, IntakeKey intakeKey, String payloadDigest,
			Child child, Reporter reporter, Set<Situation> situations, Urgency urgency, LocalDate encounterDate,
			String summary, String subjectReference) {
		this(hospital, workstation, intakeKey, payloadDigest, child, reporter, situations, urgency, encounterDate,
				summary, subjectReference, List.of(), List.of());
	}

	/** Without the summary, subject reference and codes: personal and health data stay out of logs. */
	@Override
	public String toString() {
		return "SubmitReport[hospital=" + hospital + ", workstation=" + workstation + ", intakeKey=" + intakeKey
				+ ", situations=" + situations + ", urgency=" + urgency + ", sealed]";
	}
}
