package io.shouhu.fhir;


import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.shouhu.casework.HospitalId;
import io.shouhu.casework.Situation;
import io.shouhu.casework.SubmitReport;
import io.shouhu.casework.Urgency;
import io.shouhu.casework.Workstation;
import io.shouhu.casework.WorkstationId;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.beans.factory.annotation.Autowired;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.SimpleRequestHeaderInterceptor;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.when;

/** The doctor's question "must I report this?", asked by the HIS with HAPI's client. */
@SpringBootTest(classes = FhirTestServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReportabilityOperationTests extends FhirServerTest {

	@Autowired
	ReportValidator validator;

	static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";

	@Test
	void aGirlOf13WithAnAbortionMustBeReportedUnderS2WithTheLawInChinese() {
		Parameters answer = assess(visit("2013-03-01", AdministrativeGender.FEMALE, "2026-11-20", "O03"), null);

		assertThat(answer.getParameter()).filteredOn(p -> p.getName().equals("match")).singleElement().satisfies(match -> {
			assertThat(part(match, "situation").getValue()).isInstanceOfSatisfying(Coding.class, coding -> {
				assertThat(coding.getSystem()).isEqualTo(FhirContract.SITUATION_SYSTEM);
				assertThat(coding.getCode()).isEqualTo("S2");
			});
			assertThat(part(match, "strength").getValue().primitiveValue()).isEqualTo("must-report");
			assertThat(part(match, "basis").getValue().primitiveValue()).matches(".*[\\u4e00-\\u9fa5].*");
			assertThat(match.getPart()).filteredOn(p -> p.getName().equals("evidence"))
				.singleElement()
				.satisfies(evidence -> assertThat(part(evidence, "resource").getValue().primitiveValue())
					.isEqualTo("Condition/c1"));
		});
	}

	@Test
	void anAdultOrNothingReportableAnswersWithNoMatchAndEnglishWhenAsked() {
		assertThat(assess(visit("2000-01-01", AdministrativeGender.FEMALE, "2026-11-20", "O03"), "en").getParameter())
			.noneMatch(p -> p.getName().equals("match"));
		assertThat(assess(visit("2010-01-01", AdministrativeGender.MALE, "2026-11-20", "S52.5"), "en").getParameter())
			.noneMatch(p -> p.getName().equals("match"));
		Parameters english = assess(visit("2013-03-01", AdministrativeGender.FEMALE, "2026-11-20", "O03.9"), "en");
		assertThat(part(english.getParameter("match"), "basis").getValue().primitiveValue())
			.doesNotMatch(".*[\\u4e00-\\u9fa5].*");
	}

	@Test
	void withoutAPatientOrItsBirthDateTheAnswerIs422() {
		Bundle noPatient = visit("2013-03-01", AdministrativeGender.FEMALE, "2026-11-20", "O03");
		noPatient.getEntry().removeIf(e -> e.getResource() instanceof Patient);
		assertThatExceptionOfType(UnprocessableEntityException.class).isThrownBy(() -> assess(noPatient, null));
		Bundle noBirthDate = visit("2013-03-01", AdministrativeGender.FEMALE, "2026-11-20", "O03");
		noBirthDate.getEntry()
			.stream()
			.filter(e -> e.getResource() instanceof Patient)
			.forEach(e -> ((Patient) e.getResource()).setBirthDateElement(new DateType()));
		assertThatExceptionOfType(UnprocessableEntityException.class).isThrownBy(() -> assess(noBirthDate, null));
	}

	@Test
	void theAnswerCarriesADraftReportThatPassesTheProfilesAndReadsAsTheFoundSituations() {
		when(referenceData.workstationsOf(new HospitalId("hospital-01")))
			.thenReturn(List.of(new Workstation(new WorkstationId("ws-001"), new HospitalId("hospital-01"))));
		Bundle visit = visit("2013-03-01", AdministrativeGender.FEMALE, "2026-11-20", "O03", "S52.5");
		Practitioner doctor = new Practitioner();
		doctor.setId("dr1");
		doctor.addIdentifier().setSystem("https://hospital-01.example.cn/fhir/sid/staff").setValue("D-7");
		visit.addEntry().setFullUrl("Practitioner/dr1").setResource(doctor);

		Parameters answer = assess(visit, null);

		Bundle draft = (Bundle) answer.getParameter().stream()
			.filter(p -> p.getName().equals("draft")).findFirst().orElseThrow().getResource();
		assertThat(draft.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
		assertThat(draft.getIdentifier().getValue()).startsWith("urn:uuid:");
		assertThat(validator.validate(draft).getMessages())
			.filteredOn(m -> m.getSeverity().ordinal() >= ca.uhn.fhir.validation.ResultSeverityEnum.ERROR.ordinal())
			.extracting(m -> m.getLocationString() + " " + m.getMessage())
			.isEmpty();
		SubmitReport report = new ReportMessageReader(fhir, Clock.systemUTC()).read(draft).command();
		assertThat(report.situations()).containsExactly(Situation.S2);
		assertThat(report.hospital()).isEqualTo(new HospitalId("hospital-01"));
		assertThat(report.workstation()).isEqualTo(new WorkstationId("ws-001"));
		assertThat(report.child().birthDate()).isEqualTo(LocalDate.of(2013, 3, 1));
		assertThat(report.encounterDate()).isEqualTo(LocalDate.of(2026, 11, 20));
		assertThat(report.reporter().identifierValue()).isEqualTo("D-7");
		assertThat(report.urgency()).isEqualTo(Urgency.URGENT);
		// the forearm fracture was no evidence: the record beyond the evidence stays in the hospital
		assertThat(draft.getEntry()).filteredOn(e -> e.getResource() instanceof Condition)
			.singleElement()
			.satisfies(e -> assertThat(((Condition) e.getResource()).getCode().getCodingFirstRep().getCode())
				.isEqualTo("O03"));
	}

	@Test
	void aWorkstationThatIsNotTheHospitalsOrABirthDateAfterTheVisitIs422() {
		when(referenceData.workstation(new WorkstationId("ws-900")))
			.thenReturn(Optional.of(new Workstation(new WorkstationId("ws-900"), new HospitalId("hospital-02"))));
		Parameters in = new Parameters();
		in.addParameter().setName("bundle").setResource(visit("2013-03-01", AdministrativeGender.FEMALE, "2026-11-20", "O03"));
		in.addParameter().setName("workstation").setValue(new StringType("ws-900"));
		assertThatExceptionOfType(UnprocessableEntityException.class).isThrownBy(() -> client(null).operation()
			.onServer()
			.named(ReportabilityProvider.OPERATION)
			.withParameters(in)
			.returnResourceType(Parameters.class)
			.execute());
		assertThatExceptionOfType(UnprocessableEntityException.class)
			.isThrownBy(() -> assess(visit("2026-12-01", AdministrativeGender.FEMALE, "2026-11-20", "O03"), null));
	}

	@Test
	void refutedConditionsCountForNothingAndUnreadableCodesAreListedAsNotEvaluated() {
		Bundle visit = visit("2013-03-01", AdministrativeGender.FEMALE, "2026-11-20", "O03", "X99.Q");
		((Condition) visit.getEntry().get(2).getResource()).setVerificationStatus(new CodeableConcept(new Coding(
				"http://terminology.hl7.org/CodeSystem/condition-ver-status", "refuted", null)));

		Parameters answer = assess(visit, null);

		assertThat(answer.getParameter()).noneMatch(p -> p.getName().equals("match"));
		assertThat(answer.getParameter()).filteredOn(p -> p.getName().equals("notEvaluated"))
			.singleElement()
			.satisfies(p -> assertThat(((Coding) part(p, "code").getValue()).getCode()).isEqualTo("X99.Q"));
	}

	@Test
	void aFindingOfYearsAgoIsNotJudgedAgainButOneOfRecentWeeksIs() {
		// a HIS asked for "the patient's conditions" sends the whole history
		Bundle old = visit("2013-03-01", AdministrativeGender.FEMALE, "2026-11-20", "T74.1");
		((Condition) old.getEntry().get(2).getResource()).setRecordedDateElement(new DateTimeType("2024-06-01"));
		Bundle recent = visit("2013-03-01", AdministrativeGender.FEMALE, "2026-11-20", "T74.1");
		((Condition) recent.getEntry().get(2).getResource())
			.setOnset(new DateTimeType("2026-09-01T08:00:00+08:00"));

		assertThat(assess(old, null).getParameter()).noneMatch(p -> p.getName().equals("match"));
		assertThat(assess(recent, null).getParameter()).anyMatch(p -> p.getName().equals("match"));
	}

	@Test
	void theDraftReportsWhatMustBeReportedAndOnlyWhatIsToBeConsideredWhenNothingMust() {
		when(referenceData.workstationsOf(new HospitalId("hospital-01")))
			.thenReturn(List.of(new Workstation(new WorkstationId("ws-001"), new HospitalId("hospital-01"))));
		// S2 must-report and S1 (a pelvic injury) to consider
		Bundle both = draftOf(assess(visit("2013-03-01", AdministrativeGender.FEMALE, "2026-11-20", "O03", "S30.2"), null));
		Bundle considerOnly = draftOf(assess(visit("2011-03-01", AdministrativeGender.MALE, "2026-11-20", "S30.2"), null));

		assertThat(new ReportMessageReader(fhir, Clock.systemUTC()).read(both).command().situations())
			.containsExactly(Situation.S2);
		SubmitReport consider = new ReportMessageReader(fhir, Clock.systemUTC()).read(considerOnly).command();
		assertThat(consider.situations()).containsExactly(Situation.S1);
		assertThat(consider.urgency()).isEqualTo(Urgency.ROUTINE);
	}

	@Test
	void theDraftNamesTheWorkstationTheHisGaveAndTwoAnswersAreTwoDrafts() {
		when(referenceData.workstation(new WorkstationId("ws-042")))
			.thenReturn(Optional.of(new Workstation(new WorkstationId("ws-042"), new HospitalId("hospital-01"))));
		Parameters in = new Parameters();
		in.addParameter().setName("bundle").setResource(visit("2013-03-01", AdministrativeGender.FEMALE, "2026-11-20", "O03"));
		in.addParameter().setName("workstation").setValue(new StringType("ws-042"));
		Bundle first = draftOf(client(null).operation().onServer().named(ReportabilityProvider.OPERATION)
			.withParameters(in).returnResourceType(Parameters.class).execute());
		Bundle second = draftOf(assess(visit("2013-03-01", AdministrativeGender.FEMALE, "2026-11-20", "O03"), null));

		assertThat(first.getEntryFirstRep().getResource()).isInstanceOfSatisfying(MessageHeader.class,
				header -> assertThat(header.getSource().getEndpoint()).isEqualTo("urn:shouhu:workstation:ws-042"));
		assertThat(first.getIdentifier().getValue()).isNotEqualTo(second.getIdentifier().getValue());
	}

	@Test
	void nothingMatchedOrAnAdultGetsNoDraft() {
		assertThat(assess(visit("2010-01-01", AdministrativeGender.MALE, "2026-11-20", "S52.5"), null).getParameter())
			.noneMatch(p -> p.getName().equals("draft"));
		assertThat(assess(visit("2000-01-01", AdministrativeGender.FEMALE, "2026-11-20", "O03"), null).getParameter())
			.noneMatch(p -> p.getName().equals("draft"));
	}

	private static Bundle draftOf(Parameters answer) {
		return (Bundle) answer.getParameter().stream()
			.filter(p -> p.getName().equals("draft")).findFirst().orElseThrow().getResource();
	}

	private IGenericClient client(String language) {
		fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		IGenericClient client = fhir.newRestfulGenericClient(base());
		client.registerInterceptor(new SimpleRequestHeaderInterceptor(FhirServerTests.TestAuthentication.HOSPITAL,
				"hospital-01"));
		if (language != null) {
			client.registerInterceptor(new SimpleRequestHeaderInterceptor("Accept-Language", language));
		}
		return client;
	}

	private Parameters assess(Bundle visit, String language) {
		IGenericClient client = client(language);
		Parameters in = new Parameters();
		in.addParameter().setName("bundle").setResource(visit);
		return client.operation()
			.onServer()
			.named(ReportabilityProvider.OPERATION)
			.withParameters(in)
			.returnResourceType(Parameters.class)
			.execute();
	}

	private static Parameters.ParametersParameterComponent part(Parameters.ParametersParameterComponent parameter,
			String name) {
		return parameter.getPart().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
	}

	private static Bundle visit(String born, AdministrativeGender sex, String encountered, String... icd10) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
		Patient patient = new Patient().setGender(sex).setBirthDateElement(new DateType(born));
		patient.setId("p1");
		bundle.addEntry().setFullUrl("Patient/p1").setResource(patient);
		Encounter encounter = new Encounter().setPeriod(new Period().setStartElement(
				new org.hl7.fhir.r4.model.DateTimeType(encountered)));
		encounter.setId("e1");
		bundle.addEntry().setFullUrl("Encounter/e1").setResource(encounter);
		int n = 1;
		for (String code : icd10) {
			Condition condition = new Condition().setCode(new CodeableConcept(new Coding(ICD10, code, null)));
			condition.setId("c" + n);
			bundle.addEntry().setFullUrl("Condition/c" + n++).setResource(condition);
		}
		return bundle;
	}

}
