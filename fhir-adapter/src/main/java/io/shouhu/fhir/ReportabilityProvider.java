package io.shouhu.fhir;

import java.util.List;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import io.shouhu.casework.ClinicalCode;
import io.shouhu.casework.Reportability;
import io.shouhu.casework.SituationMatch;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * {@code POST /fhir/$assess-reportability}: which of the nine statutory situations the clinical data
 * of a visit reveals, with the legal basis, while the child is still in the room. The input is parsed
 * and read, not profile-validated (the doctor has not reported anything yet); the rules are casework's
 * ({@link Reportability}).
 */
final class ReportabilityProvider {

	static final String OPERATION = "$assess-reportability";

	private final ReportabilityCheck check;

	ReportabilityProvider(ReportabilityCheck check) {
		this.check = check;
	}

	/**
	 * @param bundle the Patient, Encounter and Conditions/Observations of the visit (as the body, or as
	 *        the {@code bundle} parameter of a Parameters body); a Practitioner in it becomes the
	 *        draft's reporter
	 * @param workstation where the doctor is ({@code ws-001} or {@code urn:shouhu:workstation:ws-001});
	 *        else a MessageHeader's {@code source.endpoint} or {@code Bundle.meta.source} in the bundle;
	 *        else the hospital's first registered workstation
	 */
	@Operation(name = OPERATION, idempotent = false)
	public Parameters assess(@OperationParam(name = "bundle", min = 0, max = 1) Bundle bundle,
			@OperationParam(name = "workstation", min = 0, max = 1) StringType workstation, RequestDetails request) {
		boolean english = Languages.isEnglish(Languages.of(request.getHeader("Accept-Language")));
		if (bundle == null) {
			throw unprocessable("Bundle", english ? "Send the visit as a Bundle (or a Parameters with a 'bundle')."
					: "请以 Bundle（或带 'bundle' 参数的 Parameters）发送就诊信息。");
		}
		List<Resource> resources = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
			.filter(java.util.Objects::nonNull).toList();
		Patient patient = resources.stream()
			.filter(Patient.class::isInstance)
			.map(Patient.class::cast)
			.findFirst()
			.orElseThrow(() -> unprocessable("Bundle.entry", english ? "The visit has no Patient."
					: "就诊信息中没有 Patient（患者）。"));
		Encounter encounter = resources.stream().filter(Encounter.class::isInstance).map(Encounter.class::cast)
			.filter(e -> VisitFacts.day(e) != null).findFirst()
			.orElse(resources.stream().filter(Encounter.class::isInstance).map(Encounter.class::cast).findFirst().orElse(null));
		Practitioner practitioner = resources.stream().filter(Practitioner.class::isInstance)
			.map(Practitioner.class::cast).findFirst().orElse(null);
		List<Resource> clinical = resources.stream()
			.filter(r -> r instanceof Condition || r instanceof Observation)
			.toList();
		ReportabilityCheck.Answer answer;
		try {
			answer = check.check(new ReportDraft.Visit(patient, encounter, practitioner, clinical),
					CallingHospital.current(), workstation(workstation, bundle, resources));
		}
		catch (ReportabilityCheck.VisitIncomplete ex) {
			throw unprocessable(ex.expression, ex.message(english));
		}
		Parameters result = new Parameters();
		for (SituationMatch match : answer.assessment().matches()) {
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
		for (ClinicalCode code : answer.assessment().notEvaluated()) {
			Parameters.ParametersParameterComponent parameter = result.addParameter().setName("notEvaluated");
			if (code.source() != null) {
				parameter.addPart().setName("resource").setValue(new StringType(code.source()));
			}
			parameter.addPart().setName("code").setValue(new Coding(code.system(), code.code(), null));
		}
		if (answer.draft() != null) {
			result.addParameter().setName("draft").setResource(answer.draft());
		}
		return result;
	}

	private static String workstation(StringType named, Bundle bundle, List<Resource> resources) {
		if (named != null && named.hasValue()) {
			return named.getValue();
		}
		return resources.stream()
			.filter(MessageHeader.class::isInstance)
			.map(r -> ((MessageHeader) r).getSource().getEndpoint())
			.filter(java.util.Objects::nonNull)
			.findFirst()
			.orElse(bundle.getMeta().getSource());
	}

	private static UnprocessableEntityException unprocessable(String expression, String message) {
		return new UnprocessableEntityException(message, Issues.outcome(expression, IssueType.REQUIRED, message));
	}
}
