package io.shouhu.casework;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Takes in reports from hospitals, exactly once per hospital and intake key, and puts them in the
 * triage queue of the hospital's jurisdiction.
 */
@Service
public class ReportIntake {

	private final Reports reports;

	private final ReferenceData referenceData;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ReportIntake(Reports reports, ReferenceData referenceData, ApplicationEventPublisher events,
			Optional<Clock> clock) {
		this.reports = reports;
		this.referenceData = referenceData;
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
			return resent(earlier.get(), command);
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
		Report report = Report.receive(command, hospital.jurisdiction(), clock.instant());
		try {
			reports.add(report);
		}
		catch (DuplicateKeyException raced) {
			return resent(reports.byIntakeKey(hospital.id(), command.intakeKey()).orElseThrow(() -> raced), command);
		}
		events.publishEvent(report.received());
		return new IntakeOutcome(report.id(), true);
	}

	private IntakeOutcome resent(Report earlier, SubmitReport command) {
		if (!earlier.payloadDigest().equals(command.payloadDigest())) {
			throw new ReportRefused(ReportRefused.Reason.INTAKE_KEY_REUSED,
					"This report identifier was already used for a different report.");
		}
		// Listeners are idempotent; publishing again heals an alert lost to a crash after the insert.
		events.publishEvent(earlier.received());
		return new IntakeOutcome(earlier.id(), false);
	}

	/** The statuses of a hospital's own reports that match the query, newest change first. */
	public List<ReportStatusView> statuses(HospitalId hospital, ReportStatusQuery query) {
		return reports.statusesOf(hospital, query).stream().map(Report::toStatusView).toList();
	}

	/** The status of a report, for the hospital that sent it only. */
	public Optional<ReportStatusView> status(HospitalId hospital, ReportId report) {
		return reports.byId(report).filter(r -> r.hospital().equals(hospital)).map(Report::toStatusView);
	}
}
