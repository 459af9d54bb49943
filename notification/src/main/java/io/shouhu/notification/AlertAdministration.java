package io.shouhu.notification;

import java.util.List;

import io.shouhu.casework.JurisdictionId;
import org.springframework.stereotype.Service;

/** What an administrator sees of a jurisdiction's alerts: the pushes that gave up, never silently dropped. */
@Service
public class AlertAdministration {

	static final int LIMIT = 500;

	private final Alerts alerts;

	AlertAdministration(Alerts alerts) {
		this.alerts = alerts;
	}

	/** The jurisdiction's alerts whose push failed for good, oldest first, at most {@value #LIMIT}. */
	public List<AlertTrace> failed(JurisdictionId jurisdiction) {
		return alerts.inState(jurisdiction.value(), PushState.FAILED, LIMIT).stream().map(AlertTrace::of).toList();
	}

	/**
	 * Every alert the jurisdiction sent about a report, case or task, with each phone's answer to each
	 * attempt: from the cause to the device, oldest first.
	 */
	public List<AlertTrace> about(JurisdictionId jurisdiction, String subject) {
		return alerts.about(jurisdiction.value(), subject, LIMIT).stream().map(AlertTrace::of).toList();
	}
}
