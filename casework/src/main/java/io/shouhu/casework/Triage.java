package io.shouhu.casework;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

/** The triage queue of each jurisdiction: new reports waiting for an intake decision. */
@Service
public class Triage {

	/** Most urgent first; within one urgency, the longest waiting first. */
	static final Comparator<TriageItem> QUEUE_ORDER = Comparator.comparing(TriageItem::urgency)
		.thenComparing(TriageItem::receivedAt);

	private final Reports reports;

	private final Attachments attachments;

	private final Audit audit;

	Triage(Reports reports, Attachments attachments, Audit audit) {
		this.reports = reports;
		this.attachments = attachments;
		this.audit = audit;
	}

	/**
	 * The reports waiting for triage in the caller's jurisdiction, in the order they should be looked
	 * at; those with a proposed rejection wait for the supervisor.
	 * @throws NotPermitted for anyone but intake, prosecutors and supervisors
	 */
	public List<TriageItem> queue(Actor actor) {
		if (!actor.worksCases()) {
			audit.denied(actor, "list", "triage-queue", actor.jurisdiction().value());
			throw new NotPermitted("Reports are seen by intake, prosecutors and supervisors only.");
		}
		List<TriageItem> items = reports
			.inStatus(actor.jurisdiction(), ReportStatus.RECEIVED, ReportStatus.REJECTION_PROPOSED)
			.stream()
			.map(Report::toTriageItem)
			.sorted(QUEUE_ORDER)
			.toList();
		return audit.listed(actor, Audit.REPORT, items, item -> item.report().value(),
				item -> actor.jurisdiction().value());
	}

	/**
	 * A report with its child, for intake, prosecutors and supervisors of its jurisdiction.
	 * @throws NotPermitted for anyone but intake, prosecutors and supervisors
	 * @throws NotFound for a report of another jurisdiction
	 */
	public ReportDetails report(Actor actor, ReportId report) {
		return audit.user(actor, "read", Audit.REPORT, report.value(), () -> readable(actor, report).toDetails());
	}

	/**
	 * An attachment of a report, for those who may see the report.
	 * @throws NotFound for anything else
	 */
	public AttachmentFile attachment(Actor actor, ReportId report, AttachmentId attachment) {
		return audit.user(actor, "read", Audit.ATTACHMENT, attachment.value(), () -> {
			Report found = readable(actor, report);
			AttachmentInfo info = found.attachment(attachment).orElseThrow(() -> new NotFound("attachment"));
			return attachments.read(info.id())
				.map(data -> new AttachmentFile(info, data))
				.orElseThrow(() -> new NotFound("attachment"));
		});
	}

	private Report readable(Actor actor, ReportId report) {
		if (!actor.worksCases()) {
			throw new NotPermitted("Reports are seen by intake, prosecutors and supervisors only.");
		}
		return reports.byId(report)
			.filter(r -> r.jurisdiction().equals(actor.jurisdiction()))
			.orElseThrow(() -> new NotFound("report"));
	}

	/** Where a report stands, for the system (an escalation asks whether it still waits): no personal data. */
	public Optional<ReportStatus> statusOf(ReportId report) {
		return reports.byId(report).map(Report::status);
	}

	/** How many reports wait in a jurisdiction's queue: a count, nothing of any report. */
	public int waiting(JurisdictionId jurisdiction) {
		return reports.inStatus(jurisdiction, ReportStatus.RECEIVED, ReportStatus.REJECTION_PROPOSED).size();
	}

	/** How many reports were ever received, for operators and tests. */
	public long received() {
		return reports.count();
	}
}
