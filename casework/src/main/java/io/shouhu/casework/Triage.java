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

	Triage(Reports reports, Attachments attachments) {
		this.reports = reports;
		this.attachments = attachments;
	}

	/**
	 * The reports waiting for triage in a jurisdiction, in the order they should be looked at; those with
	 * a proposed rejection wait for the supervisor.
	 */
	public List<TriageItem> queue(JurisdictionId jurisdiction) {
		return reports.inStatus(jurisdiction, ReportStatus.RECEIVED, ReportStatus.REJECTION_PROPOSED)
			.stream()
			.map(Report::toTriageItem)
			.sorted(QUEUE_ORDER)
			.toList();
	}

	/** A report, if it belongs to the jurisdiction; empty for reports of other jurisdictions. */
	public Optional<ReportDetails> report(JurisdictionId jurisdiction, ReportId report) {
		return reports.byId(report).filter(r -> r.jurisdiction().equals(jurisdiction)).map(Report::toDetails);
	}

	/** An attachment of a report of the jurisdiction; empty for anything else. */
	public Optional<AttachmentFile> attachment(JurisdictionId jurisdiction, ReportId report, AttachmentId attachment) {
		return reports.byId(report)
			.filter(r -> r.jurisdiction().equals(jurisdiction))
			.flatMap(r -> r.attachment(attachment))
			.flatMap(info -> attachments.read(info.id()).map(data -> new AttachmentFile(info, data)));
	}

	/** How many reports were ever received, for operators and tests. */
	public long received() {
		return reports.count();
	}
}
