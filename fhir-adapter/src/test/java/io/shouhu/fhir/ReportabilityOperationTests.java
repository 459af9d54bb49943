package io.shouhu.fhir;


import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.SimpleRequestHeaderInterceptor;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
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

/** The doctor's question "must I report this?", asked by the HIS with HAPI's client. */
@SpringBootTest(classes = FhirTestServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReportabilityOperationTests extends FhirServerTest {

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

	private Parameters assess(Bundle visit, String language) {
		fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		IGenericClient client = fhir.newRestfulGenericClient(base());
		client.registerInterceptor(new SimpleRequestHeaderInterceptor(FhirServerTests.TestAuthentication.HOSPITAL,
				"hospital-01"));
		if (language != null) {
			client.registerInterceptor(new SimpleRequestHeaderInterceptor("Accept-Language", language));
		}
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
