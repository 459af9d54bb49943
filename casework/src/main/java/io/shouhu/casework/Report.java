package io.shouhu.casework;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One report as received from a hospital: immutable facts plus its status. One document.
 */
@Document("reports")
class Report {

	@Id
	private final String id;

	private final String hospital;

	private final String workstation;

	private final String jurisdiction;

	private final IntakeKey intakeKey;

	private final String payloadDigest;

	private final Child child;

	private final Set<Situation> situations;

	private final Urgency urgency;

	private final LocalDate encounterDate;

	private final String summary;

	private final String subjectReference;

	private final List<AttachmentInfo> attachments;

	private final Instant receivedAt;

	private ReportStatus status;

	/** When the status the hospital sees last changed: the {@code _lastUpdated} of its Task. */
	private Instant lastUpdated;

	@Version
	private Long version;

	@PersistenceCreator
	Report(String id, String hospital, String workstation, String jurisdiction, IntakeKey intakeKey,
			String payloadDigest, Child child, Set<Situation> situations, Urgency urgency, LocalDate encounterDate,
			String summary, String subjectReference, List<AttachmentInfo> attachments, Instant receivedAt,
			ReportStatus status,
			Instant lastUpdated, Long version) {
		this.id = id;
		this.hospital = hospital;
		this.workstation = workstation;
		this.jurisdiction = jurisdiction;
		this.intakeKey = intakeKey;
		this.payloadDigest = payloadDigest;
		this.child = child;
		this.situations = situations == null ? Set.of() : Set.copyOf(situations);
		this.urgency = urgency;
		this.encounterDate = encounterDate;
		this.summary = summary;
		this.subjectReference = subjectReference;
		this.attachments = attachments == null ? List.of() : List.copyOf(attachments);
		this.receivedAt = receivedAt;
		this.status = status;
		this.lastUpdated = lastUpdated == null ? receivedAt : lastUpdated;
		this.version = version;
	}

	static Report receive(ReportId id, SubmitReport command, JurisdictionId jurisdiction,
			List<AttachmentInfo> attachments, Instant now) {
		// Stored times have millisecond precision; truncate now so the event a resend publishes is equal.
		Instant receivedAt = now.truncatedTo(ChronoUnit.MILLIS);
		return new Report(id.value(), command.hospital().value(), command.workstation().value(), jurisdiction.value(),
				command.intakeKey(), command.payloadDigest(), command.child(), EnumSet.copyOf(command.situations()),
				command.urgency(), command.encounterDate(), command.summary(), command.subjectReference(), attachments,
				receivedAt, ReportStatus.RECEIVED, receivedAt, null);
	}

	ReportId id() {
		return new ReportId(id);
	}

	HospitalId hospital() {
		return new HospitalId(hospital);
	}

	JurisdictionId jurisdiction() {
		return new JurisdictionId(jurisdiction);
	}

	String payloadDigest() {
		return payloadDigest;
	}

	Urgency urgency() {
		return urgency;
	}

	Instant receivedAt() {
		return receivedAt;
	}

	ReportStatus status() {
		return status;
	}

	int childAge() {
		return Age.on(child.birthDate(), encounterDate);
	}

	ReportReceived received() {
		return new ReportReceived(id(), jurisdiction(), urgency, receivedAt);
	}

	TriageItem toTriageItem() {
		return new TriageItem(id(), urgency, Set.copyOf(situations), hospital(), receivedAt, childAge(), child.sex(),
				status);
	}

	ReportDetails toDetails() {
		return new ReportDetails(id(), status, urgency, Set.copyOf(situations), hospital(),
				new WorkstationId(workstation), jurisdiction(), receivedAt, encounterDate, child, childAge(), summary,
				attachments);
	}

	Optional<AttachmentInfo> attachment(AttachmentId attachment) {
		return attachments.stream().filter(a -> a.id().equals(attachment)).findFirst();
	}

	ReportStatusView toStatusView() {
		return new ReportStatusView(id(), hospital(), jurisdiction(), intakeKey, subjectReference, status, receivedAt,
				lastUpdated);
	}
}
