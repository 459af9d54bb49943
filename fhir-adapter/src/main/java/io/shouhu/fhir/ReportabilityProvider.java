package io.shouhu.fhir;

import java.time.LocalDate;
import java.util.Locale;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import io.shouhu.casework.Assessment;
import io.shouhu.casework.ClinicalCode;
import io.shouhu.casework.ClinicalFacts;
import io.shouhu.casework.Reportability;
import io.shouhu.casework.SituationMatch;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;

/**
 * {@code POST /fhir/$assess-reportability}: which of the nine statutory situations the clinical data
 * of a visit reveals, with the legal basis, while the child is still in the room. The input is parsed
 * and read, not profile-validated (the doctor has not reported anything yet); the rules are casework's
 * ({@link Reportability}).
 */
final class ReportabilityProvider {

	static final String OPERATION = "$assess-reportability";

	private final Reportability reportability;

	ReportabilityProvider(Reportability reportability) {
		this.reportability = reportability;
	}

	/**
	 * @param bundle the Patient, Encounter and Conditions/Observations of the visit (as the body, or as
	 *        the {@code bundle} parameter of a Parameters body)
	 */
	@Operation(name = OPERATION, idempotent = false)
	public Parameters assess(@OperationParam(name = "bundle", min = 0, max = 1) Bundle bundle, RequestDetails request) {
		Locale locale = Languages.of(request.getHeader("Accept-Language"));
		boolean english = Languages.isEnglish(locale);
		if (bundle == null) {
			throw unprocessable("Bundle", "Send the visit as a Bundle (or a Parameters with a 'bundle').");
		}
		Patient patient = bundle.getEntry()
			.stream()
			.map(Bundle.BundleEntryComponent::getResource)
			.filter(Patient.class::isInstance)
			.map(Patient.class::cast)
			.findFirst()
			.orElseThrow(() -> unprocessable("Bundle.entry", english ? "The visit has no Patient."
					: "就诊信息中没有 Patient（患者）。"));
		if (!patient.hasBirthDate()) {
			throw unprocessable("Patient.birthDate", english ? "The Patient has no birth date: the law turns on age."
					: "Patient 缺少出生日期：是否属于强制报告取决于年龄。");
		}
		String born = patient.getBirthDateElement().getValueAsString();
		if (born == null || born.length() != 10) {
			throw unprocessable("Patient.birthDate", english ? "The Patient's birth date must be a full date (YYYY-MM-DD)."
					: "Patient 的出生日期须为完整日期（YYYY-MM-DD）。");
		}
		ClinicalFacts facts = new ClinicalFacts(LocalDate.parse(born), VisitFacts.sex(patient.getGender()), encounterDate(bundle),
				VisitFacts.codes(bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList()));
		Assessment assessment = reportability.assess(facts);
		Parameters result = new Parameters();
		for (SituationMatch match : assessment.matches()) {
			Parameters.ParametersParameterComponent parameter = result.addParameter().setName("match");
			parameter.addPart()
				.setName("situation")
				.setValue(new Coding(FhirContract.SITUATION_SYSTEM, match.situation().name(), null));
			parameter.addPart().setName("strength").setValue(new CodeType(match.strength().code()));
			for (ClinicalCode evidence : match.evidence()) {
				Parameters.ParametersParameterComponent part = parameter.addPart().setName("evidence");
				if (evidence.source() != null) {
					part.addPart().setName("resource").setValue(new StringType(evidence.source()));
				}
				part.addPart().setName("code").setValue(new Coding(evidence.system(), evidence.code(), null));
			}
			parameter.addPart()
				.setName("basis")
				.setValue(new StringType(english ? match.basisEnglish() : match.basisChinese()));
		}
		return result;
	}

	private static LocalDate encounterDate(Bundle bundle) {
		return bundle.getEntry()
			.stream()
			.map(Bundle.BundleEntryComponent::getResource)
			.filter(Encounter.class::isInstance)
			.map(e -> VisitFacts.day((Encounter) e))
			.filter(java.util.Objects::nonNull)
			.findFirst()
			.orElse(null);
	}

	private static UnprocessableEntityException unprocessable(String expression, String message) {
		return new UnprocessableEntityException(message, Issues.outcome(expression, IssueType.REQUIRED, message));
	}
}
