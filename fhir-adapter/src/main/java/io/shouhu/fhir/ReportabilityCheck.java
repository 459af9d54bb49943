package io.shouhu.fhir;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.shouhu.casework.Assessment;
import io.shouhu.casework.ClinicalFacts;
import io.shouhu.casework.HospitalId;
import io.shouhu.casework.ReferenceData;
import io.shouhu.casework.Reportability;
import io.shouhu.casework.Workstation;
import io.shouhu.casework.WorkstationId;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Resource;

/**
 * "Is this reportable?" for one visit, as the assessment operation and the CDS Hooks services both
 * ask it: the rules' answer and, when something matched a minor, the draft report.
 */
final class ReportabilityCheck {

	/**
	 * How far back a Condition or Observation still belongs to the visit: about three months, long
	 * enough for the injuries of recent weeks (a pattern of them is the sign) and short enough that a
	 * code of years ago is not judged again at every visit.
	 */
	static final int RECENT_DAYS = 90;

	private final Reportability reportability;

	private final ReferenceData referenceData;

	private final ReportDraft drafts;

	private final Clock clock;

	/** Each hospital's workstations, remembered for a minute: asked for on every answer with a draft. */
	private final Map<HospitalId, Remembered> workstations = new ConcurrentHashMap<>();

	private record Remembered(List<Workstation> workstations, Instant until) {
	}

	ReportabilityCheck(Reportability reportability, ReferenceData referenceData, Clock clock) {
		this.reportability = reportability;
		this.referenceData = referenceData;
		this.drafts = new ReportDraft(clock);
		this.clock = clock;
	}

	/** The answer: {@code draft} is {@code null} when nothing matched or the patient is an adult. */
	record Answer(Assessment assessment, Bundle draft) {
	}

	/**
	 * What is missing from a visit, or wrong in it, for an answer; {@code expression} names the element.
	 */
	static final class VisitIncomplete extends RuntimeException {

		final String expression;

		final String english;

		/** Missing, rather than present and wrong. */
		final boolean missing;

		VisitIncomplete(String expression, String chinese, String english) {
			this(expression, chinese, english, true);
		}

		VisitIncomplete(String expression, String chinese, String english, boolean missing) {
			super(chinese, null, false, false);
			this.expression = expression;
			this.english = english;
			this.missing = missing;
		}

		String message(boolean inEnglish) {
			return inEnglish ? english : getMessage();
		}
	}

	/**
	 * @param workstation where the doctor is, as {@code urn:shouhu:workstation:{id}} or the bare id;
	 *        {@code null} takes the hospital's first registered workstation for the draft
	 * @throws VisitIncomplete without a birth date, with one that is not a full date or after the
	 *         encounter, or with a workstation that is not one of the hospital's
	 */
	Answer check(ReportDraft.Visit visit, HospitalId hospital, String workstation) {
		String born = visit.patient().getBirthDateElement().getValueAsString();
		if (born == null) {
			throw new VisitIncomplete("Patient.birthDate", "Patient 缺少出生日期：是否属于强制报告取决于年龄。",
					"The Patient has no birth date: the law turns on age.");
		}
		if (born.length() != 10) {
			throw new VisitIncomplete("Patient.birthDate", "Patient 的出生日期须为完整日期（YYYY-MM-DD）。",
					"The Patient's birth date must be a full date (YYYY-MM-DD).", false);
		}
		LocalDate birthDate = LocalDate.parse(born);
		LocalDate day = VisitFacts.day(visit.encounter());
		LocalDate visitDay = day != null ? day : LocalDate.now(clock.withZone(FhirContract.ENCOUNTER_ZONE));
		if (birthDate.isAfter(visitDay)) {
			throw new VisitIncomplete("Patient.birthDate", "Patient 的出生日期晚于就诊日期。",
					"The Patient's birth date is after the encounter.", false);
		}
		WorkstationId at = workstation(hospital, workstation);
		List<Resource> read = new ArrayList<>();
		if (visit.encounter() != null) {
			read.add(visit.encounter());
		}
		visit.clinical().stream().filter(r -> VisitFacts.recent(r, visitDay, RECENT_DAYS)).forEach(read::add);
		ClinicalFacts facts = new ClinicalFacts(birthDate, VisitFacts.sex(visit.patient().getGender()), day,
				VisitFacts.codes(read));
		Assessment assessment = reportability.assess(facts);
		if (assessment.matches().isEmpty()) {
			return new Answer(assessment, null);
		}
		Set<String> cited = new HashSet<>();
		assessment.matches().forEach(m -> m.evidence().forEach(code -> cited.add(code.source())));
		List<Resource> evidence = new ArrayList<>();
		for (int i = 0; i < read.size(); i++) {
			Resource resource = read.get(i);
			if (!(resource instanceof Encounter) && cited.contains(VisitFacts.source(resource, i))) {
				evidence.add(resource);
			}
		}
		Bundle draft = drafts.draft(visit, evidence, assessment.matches(), hospital, at);
		return new Answer(assessment, draft);
	}

	private List<Workstation> workstationsOf(HospitalId hospital) {
		Instant now = clock.instant();
		Remembered remembered = workstations.get(hospital);
		if (remembered == null || now.isAfter(remembered.until())) {
			List<Workstation> registered = referenceData.workstationsOf(hospital);
			if (registered.isEmpty()) {
				// none yet: asked again next time, so that the first one registered counts at once
				return registered;
			}
			remembered = new Remembered(registered, now.plusSeconds(60));
			workstations.put(hospital, remembered);
		}
		return remembered.workstations();
	}

	/** The workstation a HIS named, which must be one of the hospital's; else the hospital's first. */
	private WorkstationId workstation(HospitalId hospital, String named) {
		if (named == null || named.isBlank()) {
			return workstationsOf(hospital).stream().findFirst().map(Workstation::id).orElse(null);
		}
		String id = named.strip();
		if (id.startsWith(FhirContract.WORKSTATION_PREFIX)) {
			id = id.substring(FhirContract.WORKSTATION_PREFIX.length());
		}
		WorkstationId workstation;
		try {
			workstation = new WorkstationId(id);
		}
		catch (IllegalArgumentException ex) {
			workstation = null;
		}
		WorkstationId asked = workstation;
		// the remembered list first; one just registered is looked up
		if (workstation == null || workstationsOf(hospital).stream().noneMatch(w -> w.id().equals(asked))
				&& referenceData.workstation(workstation).filter(w -> w.hospital().equals(hospital)).isEmpty()) {
			throw new VisitIncomplete("workstation", "所给工作站不是本医院已登记的工作站。",
					"The workstation given is not one registered to this hospital.", false);
		}
		return workstation;
	}
}
