package io.shouhu.casework;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Takes in reports from hospitals, exactly once per hospital and intake key, and puts them in the
 * triage queue of the hospital's jurisdiction. Each new report is assessed by the reportability rules,
 * so that intake sees where the situations found differ from those declared ({@link SituationCheck}).
 */
@Service
public class ReportIntake {

	private static final Logger log = LoggerFactory.getLogger(ReportIntake.class);

	private final Reports reports;

	private final ReferenceData referenceData;

	private final Attachments attachments;

	private final SealedReporters reporters;

	private final PersonalDataKeys keys;

	private final Audit audit;

	private final Reportability reportability;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ReportIntake(Reports reports, ReferenceData referenceData, Attachments attachments, SealedReporters reporters,
			PersonalDataKeys keys, Audit audit, Reportability reportability, ApplicationEventPublisher events,
			Optional<Clock> clock) {
		this.reports = reports;
		this.referenceData = referenceData;
		this.attachments = attachments;
		this.reporters = reporters;
		this.keys = keys;
		this.audit = audit;
		this.reportability = reportability;
		this.events = events;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	/**
	 * Takes in a report. A resend of a report already taken in (same hospital, same intake key, same
	 * content) returns that report and stores nothing new.
	 * @throws ReportRefused when the report cannot be taken in
	 */
	public IntakeOutcome submit(SubmitReport command) {
		Hospital hospital = referenceData.hospital(command.hospital())
			.orElseThrow(() -> new ReportRefused(ReportRefused.Reason.UNKNOWN_HOSPITAL,
					"The sender is not a registered hospital."));
		// A resend is answered as the first send was, before any rule that may have changed since
		// (a workstation moved, the child came of age): the report was taken in and stays so.
		Optional<Report> earlier = reports.byIntakeKey(hospital.id(), command.intakeKey());
		if (earlier.isPresent()) {
			return resent(hospital, earlier.get(), command);
		}
		Workstation workstation = referenceData.workstation(command.workstation())
			.orElseThrow(() -> new ReportRefused(ReportRefused.Reason.UNKNOWN_WORKSTATION,
					"Workstation " + command.workstation() + " is not registered."));
		if (!workstation.hospital().equals(hospital.id())) {
			throw new ReportRefused(ReportRefused.Reason.WORKSTATION_OF_ANOTHER_HOSPITAL,
					"Workstation " + command.workstation() + " does not belong to " + hospital.id() + ".");
		}
		if (command.situations().isEmpty()) {
			throw new ReportRefused(ReportRefused.Reason.NO_SITUATION, "A report names at least one situation.");
		}
		if (!Age.isMinor(command.child().birthDate(), command.encounterDate())) {
			throw new ReportRefused(ReportRefused.Reason.NOT_A_MINOR,
					"The patient is 18 or older on the encounter date; only minors are reported here.");
		}
		for (AttachmentContent attachment : command.attachments()) {
			if (attachment.data().length > AttachmentContent.MAX_BYTES) {
				throw new ReportRefused(ReportRefused.Reason.ATTACHMENT_TOO_LARGE,
						"An attachment is larger than 10 MB.");
			}
		}
		// No transactions: what the report points at is written first, the report last. A crash in
		// between leaves only unreferenced records, and the hospital's retry writes the report (the
		// attachments are found again by their derived ids, not stored twice).
		List<AttachmentInfo> stored = new ArrayList<>();
		for (int i = 0; i < command.attachments().size(); i++) {
			AttachmentId id = Attachments.idFor(hospital.id(), command.intakeKey(), command.payloadDigest(), i);
			stored.add(attachments.storeIfAbsent(id, command.attachments().get(i)));
		}
		ReportId id = ReportId.generate();
		IntakeAssessment assessment = assessed(id, command);
		reporters.seal(id, command.reporter());
		Report report = Report.receive(id, command, ChildKeys.of(command.child(), keys), hospital.jurisdiction(), stored,
				assessment, clock.instant());
		try {
			reports.add(report);
		}
		catch (DuplicateKeyException raced) {
			reporters.discard(id);
			return resent(hospital, reports.byIntakeKey(hospital.id(), command.intakeKey()).orElseThrow(() -> raced),
					command);
		}
		audit.hospital(hospital.id(), hospital.jurisdiction(), "create", report.id().value(),
				hospital.jurisdiction().value(), AuditOutcome.ALLOWED);
		events.publishEvent(report.received());
		return new IntakeOutcome(report.id(), true, report.toStatusView());
	}

	/**
	 * What the rules find in the report's clinical codes, or {@code null} when they fail: a report is
	 * never lost to its assessment. Stored with the report, in its one insert.
	 */
	private IntakeAssessment assessed(ReportId id, SubmitReport command) {
		try {
			ClinicalFacts facts = new ClinicalFacts(command.child().birthDate(), command.child().sex(),
					command.encounterDate(), command.clinicalCodes());
			Assessment assessment = reportability.assess(facts);
			// Every rule needs a code: without one the rules could read, a situation not found says nothing.
			boolean codesRead = command.clinicalCodes().size() > assessment.notEvaluated().size();
			return IntakeAssessment.of(reportability.version(), assessment, reportability.covered(), codesRead);
		}
		catch (RuntimeException ex) {
			// The exception's message may quote a code or a date: its type only.
			log.warn("Report {} taken in without a reportability assessment (rules {}): {}", id.value(),
					reportability.version(), ex.getClass().getName());
			return null;
		}
	}

	private IntakeOutcome resent(Hospital hospital, Report earlier, SubmitReport command) {
		if (!earlier.payloadDigest().equals(command.payloadDigest())) {
			audit.hospital(hospital.id(), hospital.jurisdiction(), "resend", earlier.id().value(),
					earlier.jurisdiction().value(), AuditOutcome.DENIED);
			throw new ReportRefused(ReportRefused.Reason.INTAKE_KEY_REUSED,
					"This report identifier was already used for a different report.");
		}
		audit.hospital(hospital.id(), hospital.jurisdiction(), "resend", earlier.id().value(),
				earlier.jurisdiction().value(), AuditOutcome.ALLOWED);
		// Listeners are idempotent; publishing again heals an alert lost to a crash after the insert.
		events.publishEvent(earlier.received());
		return new IntakeOutcome(earlier.id(), false, earlier.toStatusView());
	}

	/** The statuses of a hospital's own reports that match the query, newest change first. */
	public List<ReportStatusView> statuses(HospitalId hospital, ReportStatusQuery query) {
		List<Report> found = reports.statusesOf(hospital, query);
		if (!found.isEmpty()) {
			audit.hospitalListed(hospital, found.get(0).jurisdiction(), found.stream().map(r -> r.id().value()).toList());
		}
		return found.stream().map(Report::toStatusView).toList();
	}

	/** The status of a report, for the hospital that sent it only. */
	public Optional<ReportStatusView> status(HospitalId hospital, ReportId report) {
		Optional<Report> found = reports.byId(report);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		Report r = found.get();
		boolean own = r.hospital().equals(hospital);
		JurisdictionId chain = own ? r.jurisdiction()
				: referenceData.hospital(hospital).map(Hospital::jurisdiction).orElse(r.jurisdiction());
		audit.hospital(hospital, chain, "read", r.id().value(), r.jurisdiction().value(),
				own ? AuditOutcome.ALLOWED : AuditOutcome.DENIED);
		return own ? Optional.of(r.toStatusView()) : Optional.empty();
	}
}
