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
	public List<FailedAlert> failed(JurisdictionId jurisdiction) {
		return alerts.inState(jurisdiction.value(), PushState.FAILED, LIMIT)
			.stream()
			.map(a -> new FailedAlert(a.id(), a.type(), a.priority(), a.recipient(), a.report(), a.createdAt(), a.read(),
					a.acknowledged(), a.attempts(), a.deliveries()))
			.toList();
	}
}
