package io.shouhu.fhir;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.shouhu.casework.ClinicalCode;
import io.shouhu.casework.Sex;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;

/**
 * What the reportability rules read from the resources of a visit: the codes of Conditions,
 * Observations (code and coded value) and Encounter reasons, the patient's sex and the encounter day.
 * Used by the assessment operation, CDS Hooks and intake alike, so that all three see the same facts.
 */
final class VisitFacts {

	private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	private VisitFacts() {
	}

	/**
	 * The clinical codes of the resources, in order, each with the resource it came from ({@link #source}).
	 * Conditions the record calls refuted or entered in error, and Observations cancelled or entered in
	 * error, say nothing about the child and are left out.
	 */
	static List<ClinicalCode> codes(List<? extends Resource> resources) {
		List<ClinicalCode> codes = new ArrayList<>();
		for (int i = 0; i < resources.size(); i++) {
			Resource resource = resources.get(i);
			if (resource == null || !counts(resource)) {
				continue;
			}
			String source = source(resource, i);
			if (resource instanceof Condition condition) {
				add(codes, condition.getCode(), source);
			}
			else if (resource instanceof Observation observation) {
				add(codes, observation.getCode(), source);
				if (observation.hasValueCodeableConcept()) {
					add(codes, observation.getValueCodeableConcept(), source);
				}
			}
			else if (resource instanceof Encounter encounter) {
				encounter.getReasonCode().forEach(reason -> add(codes, reason, source));
			}
		}
		return codes;
	}

	/**
	 * How evidence names a resource: {@code Condition/c1} by its id, its {@code urn:uuid:} when that is
	 * its id (a Bundle entry's full URL), else {@code Condition#3}: its position (from 1) among those read.
	 */
	static String source(Resource resource, int position) {
		String id = resource.getIdElement().getValue();
		if (id != null && id.startsWith("urn:")) {
			return id;
		}
		return resource.getIdElement().hasIdPart() ? resource.fhirType() + "/" + resource.getIdElement().getIdPart()
				: resource.fhirType() + "#" + (position + 1);
	}

	private static boolean counts(Resource resource) {
		if (resource instanceof Condition condition) {
			return !condition.hasVerificationStatus() || condition.getVerificationStatus()
				.getCoding()
				.stream()
				.noneMatch(c -> "refuted".equals(c.getCode()) || "entered-in-error".equals(c.getCode()));
		}
		if (resource instanceof Observation observation) {
			return observation.getStatus() != Observation.ObservationStatus.CANCELLED
					&& observation.getStatus() != Observation.ObservationStatus.ENTEREDINERROR;
		}
		return true;
	}

	private static void add(List<ClinicalCode> codes, CodeableConcept concept, String source) {
		for (Coding coding : concept.getCoding()) {
			if (coding.hasCode()) {
				codes.add(new ClinicalCode(coding.getSystem(), coding.getCode(), source));
			}
		}
	}

	static Sex sex(Enumerations.AdministrativeGender gender) {
		if (gender == null) {
			return Sex.UNKNOWN;
		}
		return switch (gender) {
			case FEMALE -> Sex.FEMALE;
			case MALE -> Sex.MALE;
			case OTHER -> Sex.OTHER;
			default -> Sex.UNKNOWN;
		};
	}

	/**
	 * Whether a Condition or Observation belongs to a visit on {@code day}: recorded, begun or observed
	 * on or after {@code day - recentDays} (by its latest date of those), or undated. A HIS that
	 * answers "this patient's conditions" sends the whole history; a code of years ago, judged at
	 * today's age, would raise the same alarm at every visit.
	 */
	static boolean recent(Resource resource, LocalDate day, int recentDays) {
		LocalDate latest = null;
		if (resource instanceof Condition condition) {
			latest = later(latest, condition.hasRecordedDate() ? day(condition.getRecordedDateElement().getValueAsString()) : null);
			if (condition.hasOnsetDateTimeType()) {
				latest = later(latest, day(condition.getOnsetDateTimeType().getValueAsString()));
			}
			else if (condition.hasOnsetPeriod() && condition.getOnsetPeriod().hasStart()) {
				latest = later(latest, day(condition.getOnsetPeriod().getStartElement().getValueAsString()));
			}
		}
		else if (resource instanceof Observation observation) {
			if (observation.hasEffectiveDateTimeType()) {
				latest = later(latest, day(observation.getEffectiveDateTimeType().getValueAsString()));
			}
			else if (observation.hasEffectivePeriod() && observation.getEffectivePeriod().hasStart()) {
				latest = later(latest, day(observation.getEffectivePeriod().getStartElement().getValueAsString()));
			}
			if (observation.hasIssued()) {
				latest = later(latest, day(observation.getIssuedElement().getValueAsString()));
			}
		}
		return latest == null || !latest.isBefore(day.minusDays(recentDays));
	}

	private static LocalDate later(LocalDate a, LocalDate b) {
		return a == null ? b : b == null || a.isAfter(b) ? a : b;
	}

	/** The day an Encounter started, in China; {@code null} when it does not say. */
	static LocalDate day(Encounter encounter) {
		if (encounter == null || !encounter.hasPeriod() || !encounter.getPeriod().hasStart()) {
			return null;
		}
		return day(encounter.getPeriod().getStartElement().getValueAsString());
	}

	/** The day of a FHIR date or dateTime, in China for a dateTime with a time zone. */
	static LocalDate day(String value) {
		if (value == null || value.length() < 10) {
			return null;
		}
		try {
			if (value.length() == 10) {
				return LocalDate.parse(value);
			}
			return OffsetDateTime.parse(value).atZoneSameInstant(CHINA).toLocalDate();
		}
		catch (DateTimeParseException partial) {
			try {
				return LocalDate.parse(value.substring(0, 10));
			}
			catch (DateTimeParseException ex) {
				return null;
			}
		}
	}
}
