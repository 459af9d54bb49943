package io.shouhu.notification;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.shouhu.casework.ReferenceData;
import io.shouhu.casework.ReportReceived;
import io.shouhu.casework.Role;
import io.shouhu.casework.StaffMember;
import io.shouhu.casework.Urgency;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Alerts the intake prosecutors of a jurisdiction to a received report: records one alert per person
 * first, then hands the push to the dispatcher. The same event again (the hospital resent the report)
 * records nothing new and only nudges the push of any alert still pending.
 */
@Component
class AlertRecorder {

	private static final Logger log = LoggerFactory.getLogger(AlertRecorder.class);

	private final NewReportRecipientsPolicy recipients;

	private final Alerts alerts;

	private final PushDispatcher dispatcher;

	private final Escalator escalator;

	private final Clock clock;

	AlertRecorder(ReferenceData referenceData, Alerts alerts, PushDispatcher dispatcher, Escalator escalator,
			Optional<Clock> clock) {
		this.recipients = new NewReportRecipientsPolicy(referenceData);
		this.alerts = alerts;
		this.dispatcher = dispatcher;
		this.escalator = escalator;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	@EventListener
	void on(ReportReceived event) {
		// Runs on the hospital's request, after the report is stored. A failure to record fails that
		// request on purpose: the hospital then resends the same report, which is taken in as the same
		// report and publishes this event again, so the alerts are recorded then. Swallowing it would
		// lose the alert for good. Pushing is never done here: the dispatcher does it on its own threads.
		record(event).forEach(dispatcher::dispatchSoon);
	}

	/** @return the ids of the report's alerts, new or recorded before */
	List<String> record(ReportReceived event) {
		String report = event.report().value();
		List<StaffMember> intake = recipients.recipients(event.jurisdiction());
		if (intake.isEmpty()) {
			// The report waits in triage unseen: the operator must hear of it.
			log.error("report {}: jurisdiction {} has no intake, supervisor or prosecutor to alert", report,
					event.jurisdiction().value());
			return List.of();
		}
		String priority = event.urgency() == Urgency.IMMEDIATE_DANGER ? AlertDocument.CRITICAL : AlertDocument.HIGH;
		String link = "shouhu://reports/" + report;
		// The chain first: an alert never waits without its timer.
		String chain = escalator.start(AlertDocument.REPORT_RECEIVED, report, priority, event.jurisdiction(),
				Role.INTAKE, report, null, null, link);
		List<String> ids = new ArrayList<>(intake.size());
		int added = 0;
		for (StaffMember member : intake) {
			String recipient = member.id().value();
			String id = Alerts.idFor(AlertDocument.REPORT_RECEIVED, report, recipient);
			AlertDocument alert = AlertDocument.create(id, AlertDocument.REPORT_RECEIVED, priority, recipient,
					event.jurisdiction().value(), report, null, null, link, clock.instant(), chain);
			if (alerts.recordIfAbsent(alert)) {
				added++;
			}
			ids.add(id);
		}
		log.info("report {}: {} alert(s) recorded, {} already were", report, added, ids.size() - added);
		return ids;
	}
}
