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

	/** Blind indexes of the child, computed at intake with the blind-index key. */
	private final ChildKeys childKeys;

	private final Set<Situation> situations;

	/**
	 * What the reportability rules found in the clinical codes sent with the report, at intake;
	 * {@code null} when not assessed (taken in before assessments, or the assessment failed).
	 */
	private final IntakeAssessment assessment;

	private final Urgency urgency;

	private final LocalDate encounterDate;

	private final String summary;

	private final String subjectReference;

	private final List<AttachmentInfo> attachments;

	private final Instant receivedAt;

	private ReportStatus status;

	/** When the status the hospital sees last changed: the {@code _lastUpdated} of its Task. */
	private Instant lastUpdated;

	/** The triage decision, once made. */
	private TriageDecision decision;

	/**
	 * Whether the case of an accept or merge has the report: set once the case was opened or joined,
	 * so a decision recorded just before a crash is carried out by the next sweep.
	 */
	private boolean caseLinked;

	@Version
	private Long version;

	@PersistenceCreator
	Report(String id, String hospital, String workstation, String jurisdiction, IntakeKey intakeKey,
			String payloadDigest, Child child, ChildKeys childKeys, Set<Situation> situations,
			IntakeAssessment assessment, Urgency urgency, LocalDate encounterDate,
			String summary, String subjectReference, List<AttachmentInfo> attachments, Instant receivedAt,
			ReportStatus status, Instant lastUpdated, TriageDecision decision, boolean caseLinked, Long version) {
		this.id = id;
		this.hospital = hospital;
		this.workstation = workstation;
		this.jurisdiction = jurisdiction;
		this.intakeKey = intakeKey;
		this.payloadDigest = payloadDigest;
		this.child = child;
		this.childKeys = childKeys;
		this.situations = situations == null ? Set.of() : Set.copyOf(situations);
		this.assessment = assessment;
		this.urgency = urgency;
		this.encounterDate = encounterDate;
		this.summary = summary;
		this.subjectReference = subjectReference;
		this.attachments = attachments == null ? List.of() : List.copyOf(attachments);
		this.receivedAt = receivedAt;
		this.status = status;
		this.lastUpdated = lastUpdated == null ? receivedAt : lastUpdated;
		this.decision = decision;
		this.caseLinked = caseLinked;
		this.version = version;
	}

	static Report receive(ReportId id, SubmitReport command, ChildKeys childKeys, JurisdictionId jurisdiction,
			List<AttachmentInfo> attachments, Instant now) {
		return receive(id, command, childKeys, jurisdiction, attachments, null, now);
	}

	/** @param assessment what the rules found at intake, or {@code null} when not assessed */
	static Report receive(ReportId id, SubmitReport command, ChildKeys childKeys, JurisdictionId jurisdiction,
			List<AttachmentInfo> attachments, IntakeAssessment assessment, Instant now) {
		// Stored times have millisecond precision; truncate now so the event a resend publishes is equal.
		Instant receivedAt = now.truncatedTo(ChronoUnit.MILLIS);
		return new Report(id.value(), command.hospital().value(), command.workstation().value(), jurisdiction.value(),
				command.intakeKey(), command.payloadDigest(), command.child(), childKeys, EnumSet.copyOf(command.situations()),
				assessment, command.urgency(), command.encounterDate(), command.summary(), command.subjectReference(), attachments,
				receivedAt, ReportStatus.RECEIVED, receivedAt, null, false, null);
	}

	/** Records the decision to open a case; the case itself is opened next, see {@link #caseLinked()}. */
	void accept(CaseId caseId, String caseNumber, UserId lead, UserId by, Instant now) {
		requireUntriaged();
		decision = new TriageDecision(TriageDecision.Kind.ACCEPT, by, millis(now), caseId, caseNumber, lead, null, null,
				null, null);
		status = ReportStatus.ACCEPTED;
		lastUpdated = millis(now);
	}

	/** Records the decision to join an open case; the case takes the report next. */
	void mergeInto(CaseId caseId, UserId by, Instant now) {
		requireUntriaged();
		decision = new TriageDecision(TriageDecision.Kind.MERGE, by, millis(now), caseId, null, null, null, null, null,
				null);
		status = ReportStatus.ACCEPTED;
		lastUpdated = millis(now);
	}

	/** Intake proposes to reject; the hospital still sees the report received until the supervisor approves. */
	void proposeRejection(RejectionReason reason, String text, UserId by, Instant now) {
		requireUntriaged();
		decision = new TriageDecision(TriageDecision.Kind.REJECT, by, millis(now), null, null, null, reason, text, null,
				null);
		status = ReportStatus.REJECTION_PROPOSED;
	}

	void approveRejection(UserId by, Instant now) {
		requireRejectionProposed();
		decision = new TriageDecision(decision.kind(), decision.by(), decision.at(), null, null, null, decision.reason(),
				decision.text(), by, millis(now));
		status = ReportStatus.REJECTED;
		lastUpdated = millis(now);
	}

	void declineRejection() {
		requireRejectionProposed();
		decision = null;
		status = ReportStatus.RECEIVED;
	}

	/**
	 * The case chosen for a merge closed before the report joined it: the report opens a case of its
	 * own instead, as if accepted by the same person at the same time.
	 */
	void acceptInstead(CaseId caseId, String caseNumber) {
		decision = new TriageDecision(TriageDecision.Kind.ACCEPT, decision.by(), decision.at(), caseId, caseNumber,
				null, null, null, null, null);
	}

	void caseLinked() {
		caseLinked = true;
	}

	boolean isCaseLinked() {
		return caseLinked;
	}

	/** Moves the hospital's view forward as the case progresses; never back, never past a final state. */
	boolean advanceTo(ReportStatus next, Instant now) {
		if (!status.mayAdvanceTo(next)) {
			return false;
		}
		status = next;
		lastUpdated = millis(now);
		return true;
	}

	void requireUntriaged() {
		if (status != ReportStatus.RECEIVED) {
			throw new CaseRuleViolated(CaseRule.REPORT_ALREADY_TRIAGED, status == ReportStatus.REJECTION_PROPOSED
					? "A rejection of this report waits for the supervisor." : "This report was triaged already.");
		}
	}

	private void requireRejectionProposed() {
		if (status != ReportStatus.REJECTION_PROPOSED) {
			throw new CaseRuleViolated(CaseRule.NO_REJECTION_PROPOSED, "No rejection of this report waits for approval.");
		}
	}

	private static Instant millis(Instant now) {
		return now.truncatedTo(ChronoUnit.MILLIS);
	}

	TriageDecision decision() {
		return decision;
	}

	Set<Situation> situations() {
		return Set.copyOf(situations);
	}

	/** The declared situations compared with those the rules found; not assessed when no assessment is stored. */
	SituationCheck situationCheck() {
		return assessment == null ? SituationCheck.NOT_ASSESSED : assessment.against(situations);
	}

	Child child() {
		return child;
	}

	/** The child's blind indexes; none for a report stored before they were keyed (it is not matched). */
	ChildKeys childKeys() {
		return childKeys != null ? childKeys : new ChildKeys(null, null);
	}

	LocalDate encounterDate() {
		return encounterDate;
	}

	long version() {
		return version == null ? 0 : version;
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
		return new TriageItem(id(), urgency, Set.copyOf(situations), situationCheck(), hospital(), receivedAt,
				childAge(), child.sex(), status);
	}

	ReportDetails toDetails() {
		return new ReportDetails(id(), status, urgency, Set.copyOf(situations), situationCheck(), hospital(),
				new WorkstationId(workstation), jurisdiction(), receivedAt, encounterDate, child, childAge(), summary,
				attachments, decision, version());
	}

	List<AttachmentInfo> attachments() {
		return attachments;
	}

	Optional<AttachmentInfo> attachment(AttachmentId attachment) {
		return attachments.stream().filter(a -> a.id().equals(attachment)).findFirst();
	}

	ReportStatusView toStatusView() {
		// A proposed rejection is intake's business until the supervisor decides: the hospital still sees it received.
		ReportStatus shown = status == ReportStatus.REJECTION_PROPOSED ? ReportStatus.RECEIVED : status;
		return new ReportStatusView(id(), hospital(), jurisdiction(), intakeKey, subjectReference, shown, receivedAt,
				lastUpdated, status == ReportStatus.REJECTED ? decision.reason() : null);
	}
}
