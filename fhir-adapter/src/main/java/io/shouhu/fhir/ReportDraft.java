package io.shouhu.fhir;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.shouhu.casework.HospitalId;
import io.shouhu.casework.SituationMatch;
import io.shouhu.casework.Strength;
import io.shouhu.casework.WorkstationId;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The report a doctor would send for an assessed visit, filled in from what the HIS already sent: a
 * message Bundle in the implementation guide's profiles, which the HIS can post to
 * {@code $process-message} unchanged once the doctor confirms. Its {@code Bundle.identifier} is new
 * for each draft, so that the same draft sent twice (two clicks, two cards) makes one report.
 *
 * <p>It holds the Patient (identifiers, names, sex, birth date), the Encounter (status, class, period),
 * the reporting Practitioner when the HIS named one (identifiers, names), and the Conditions and
 * Observations that were evidence (codes, statuses, dates, values): nothing else of the record. All
 * with fresh {@code urn:uuid} full URLs and references between them. The Flag carries the situations that must be reported, or, when
 * none must, those to consider; urgency is {@code urgent} when one must be reported, {@code routine}
 * otherwise; the doctor may change both before sending.
 */
final class ReportDraft {

	static final String IDENTIFIER_SYSTEM = "urn:ietf:rfc:3986";

	private static final String NULL_FLAVOR = "http://terminology.hl7.org/CodeSystem/v3-NullFlavor";

	private final Clock clock;

	ReportDraft(Clock clock) {
		this.clock = clock;
	}

	/** What the draft is made from. {@code encounter} and {@code practitioner} may be {@code null}. */
	record Visit(Patient patient, Encounter encounter, Practitioner practitioner, List<? extends Resource> clinical) {
	}

	/**
	 * @param evidence the Conditions and Observations of the visit the matches cite: the only clinical
	 *        resources the draft carries (the rest of the record is not the procuratorate's business)
	 */
	Bundle draft(Visit visit, List<? extends Resource> evidence, List<SituationMatch> matches, HospitalId hospital,
			WorkstationId workstation) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.MESSAGE);
		bundle.setIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem(IDENTIFIER_SYSTEM).setValue(urn()));
		bundle.setTimestamp(Date.from(clock.instant()));

		MessageHeader header = new MessageHeader();
		Flag flag = new Flag();
		Organization organization = new Organization();
		organization.addIdentifier().setSystem(FhirContract.HOSPITAL_SYSTEM).setValue(hospital.value());

		Patient patient = patient(visit.patient());
		Encounter encounter = visit.encounter() == null ? null : encounter(visit.encounter());
		Practitioner practitioner = visit.practitioner() == null ? null : practitioner(visit.practitioner());

		add(bundle, header);
		String flagUrl = add(bundle, flag);
		String patientUrl = add(bundle, patient);
		String organizationUrl = add(bundle, organization);
		String encounterUrl = encounter == null ? null : add(bundle, encounter);
		String practitionerUrl = practitioner == null ? null : add(bundle, practitioner);

		header.setEvent(new Coding(FhirContract.MESSAGE_EVENT_SYSTEM, FhirContract.MANDATORY_REPORT, null));
		header.addDestination().setName("Shouhu").setEndpoint("urn:shouhu:procuratorate");
		header.setSender(new Reference(organizationUrl));
		header.getSource().setName("HIS").setEndpoint(
				workstation == null ? null : FhirContract.WORKSTATION_PREFIX + workstation.value());
		header.addFocus(new Reference(flagUrl));

		// what must be reported, if anything must; else what the doctor was asked to consider
		boolean mustReport = matches.stream().anyMatch(m -> m.strength() == Strength.MUST_REPORT);
		Set<String> situations = new LinkedHashSet<>();
		for (SituationMatch match : matches) {
			if (!mustReport || match.strength() == Strength.MUST_REPORT) {
				situations.add(match.situation().name());
			}
		}
		CodeableConcept code = new CodeableConcept();
		situations.forEach(s -> code.addCoding(new Coding(FhirContract.SITUATION_SYSTEM, s, null)));
		code.setText("强制报告 " + String.join(" ", situations));
		flag.setStatus(Flag.FlagStatus.ACTIVE)
			.setCode(code)
			.setSubject(new Reference(patientUrl))
			.setPeriod(new Period().setStartElement(new DateTimeType(Date.from(clock.instant()))));
		flag.addExtension(FhirContract.URGENCY_EXTENSION, new CodeType(mustReport ? "urgent" : "routine"));
		if (encounterUrl != null) {
			flag.setEncounter(new Reference(encounterUrl));
			encounter.setSubject(new Reference(patientUrl));
			// FHIR requires both; a HIS that left them out did not know them, and the draft says so
			if (!encounter.hasStatus()) {
				encounter.setStatus(Encounter.EncounterStatus.UNKNOWN);
			}
			if (!encounter.hasClass_()) {
				encounter.setClass_(new Coding(NULL_FLAVOR, "UNK", "unknown"));
			}
		}
		if (practitionerUrl != null) {
			flag.setAuthor(new Reference(practitionerUrl));
		}

		List<Resource> clinical = new ArrayList<>();
		for (Resource resource : evidence) {
			Resource copy = resource instanceof Condition condition ? condition(condition)
					: observation((Observation) resource);
			add(bundle, copy);
			clinical.add(copy);
		}
		for (Resource resource : clinical) {
			if (resource instanceof Condition condition) {
				condition.setSubject(new Reference(patientUrl));
				condition.setEncounter(encounterUrl == null ? null : new Reference(encounterUrl));
			}
			else if (resource instanceof Observation observation) {
				observation.setSubject(new Reference(patientUrl));
				if (!observation.hasStatus()) {
					observation.setStatus(Observation.ObservationStatus.UNKNOWN);
				}
				observation.setEncounter(encounterUrl == null ? null : new Reference(encounterUrl));
			}
		}
		return bundle;
	}

	// What each resource carries into the draft: what intake reads and triage shows, nothing of the
	// rest of the record (narrative, contained resources, notes, other diagnoses, who recorded what).

	private static Patient patient(Patient from) {
		Patient patient = new Patient();
		from.getIdentifier().forEach(i -> patient.addIdentifier(i.copy()));
		from.getName().forEach(n -> patient.addName(n.copy()));
		patient.setGender(from.getGender());
		patient.setBirthDateElement(from.getBirthDateElement().copy());
		return patient;
	}

	private static Encounter encounter(Encounter from) {
		Encounter encounter = new Encounter();
		encounter.setStatus(from.getStatus());
		encounter.setClass_(from.hasClass_() ? from.getClass_().copy() : null);
		encounter.setPeriod(from.hasPeriod() ? from.getPeriod().copy() : null);
		return encounter;
	}

	private static Practitioner practitioner(Practitioner from) {
		Practitioner practitioner = new Practitioner();
		from.getIdentifier().forEach(i -> practitioner.addIdentifier(i.copy()));
		from.getName().forEach(n -> practitioner.addName(n.copy()));
		return practitioner;
	}

	private static Condition condition(Condition from) {
		Condition condition = new Condition();
		condition.setCode(from.getCode().copy());
		condition.setClinicalStatus(from.hasClinicalStatus() ? from.getClinicalStatus().copy() : null);
		condition.setVerificationStatus(from.hasVerificationStatus() ? from.getVerificationStatus().copy() : null);
		condition.setOnset(from.hasOnset() ? from.getOnset().copy() : null);
		condition.setRecordedDateElement(from.hasRecordedDate() ? from.getRecordedDateElement().copy() : null);
		return condition;
	}

	private static Observation observation(Observation from) {
		Observation observation = new Observation();
		observation.setStatus(from.getStatus());
		observation.setCode(from.getCode().copy());
		observation.setValue(from.hasValue() ? from.getValue().copy() : null);
		observation.setEffective(from.hasEffective() ? from.getEffective().copy() : null);
		return observation;
	}

	/** Adds a resource under a fresh {@code urn:uuid} full URL and id. */
	private static String add(Bundle bundle, Resource resource) {
		String url = urn();
		resource.setId(url.substring("urn:uuid:".length()));
		bundle.addEntry().setFullUrl(url).setResource(resource);
		return url;
	}

	private static String urn() {
		return "urn:uuid:" + UUID.randomUUID();
	}
}
