package io.shouhu.fhir;

import java.time.ZoneId;

import io.shouhu.casework.Urgency;

/** The names hospitals and Shouhu agree on; docs/fhir/README.md describes the message built from them. */
final class FhirContract {

	static final String MESSAGE_EVENT_SYSTEM = "https://shouhu.io/fhir/CodeSystem/message-event";

	static final String MANDATORY_REPORT = "mandatory-report";

	static final String SITUATION_SYSTEM = "https://shouhu.io/fhir/CodeSystem/statutory-situation";

	static final String URGENCY_EXTENSION = "https://shouhu.io/fhir/StructureDefinition/report-urgency";

	static final String HOSPITAL_SYSTEM = "https://shouhu.io/fhir/sid/hospital";

	static final String WORKSTATION_PREFIX = "urn:shouhu:workstation:";

	/**
	 * Art. 2 of the 2020 Opinion asks for every report to be made "immediately": a hospital that says
	 * nothing about urgency still gets its report looked at today, but does not page anyone as
	 * immediate danger would.
	 */
	static final Urgency DEFAULT_URGENCY = Urgency.URGENT;

	/** Ages are taken on the encounter date in the encounter's own zone. */
	static final ZoneId ENCOUNTER_ZONE = ZoneId.of("Asia/Shanghai");

	static final String PROCESS_MESSAGE = "$process-message";

	private FhirContract() {
	}
}
