package io.shouhu.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

import io.shouhu.casework.Age;
import io.shouhu.casework.ClinicalCode;
import io.shouhu.casework.HospitalId;
import io.shouhu.casework.IntakeKey;
import io.shouhu.casework.Sex;
import io.shouhu.casework.Situation;
import io.shouhu.casework.SubmitReport;
import io.shouhu.casework.Urgency;
import io.shouhu.casework.WorkstationId;
import io.shouhu.fhir.ReportMessageReader.ReportMessage;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;

class ReportMessageReaderTests {

	private static final FhirContext FHIR = new FhirServerConfiguration().fhirContext();

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T02:00:00Z"), ZoneOffset.UTC);

	private final ReportMessageReader reader = new ReportMessageReader(FHIR, CLOCK);

	@Test
	void theDemoReportIsAThirteenYearOldGirlInImmediateDangerFromWorkstationOneOfHospitalOne() {
		ReportMessage message = reader.read(Demo.bundle(FHIR));

		SubmitReport report = message.command();
		assertThat(report.hospital()).isEqualTo(new HospitalId("hospital-01"));
		assertThat(report.workstation()).isEqualTo(new WorkstationId("ws-001"));
		assertThat(report.situations()).containsExactly(Situation.S2);
		assertThat(report.urgency()).isEqualTo(Urgency.IMMEDIATE_DANGER);
		assertThat(report.child().sex()).isEqualTo(Sex.FEMALE);
		assertThat(report.child().birthDate()).isEqualTo(LocalDate.of(2013, 5, 20));
		assertThat(report.encounterDate()).isEqualTo(LocalDate.of(2026, 11, 28));
		assertThat(Age.on(report.child().birthDate(), report.encounterDate())).isEqualTo(13);
		assertThat(report.child().familyName()).isEqualTo("示例");
		assertThat(report.child().givenName()).isEqualTo("小雨");
		assertThat(report.child().nationalId()).isEqualTo("000000201305200000");
		assertThat(report.reporter().name()).isEqualTo("演示医生");
		assertThat(report.reporter().identifierValue()).isEqualTo("DEMO-D-0001");
		assertThat(report.intakeKey())
			.isEqualTo(new IntakeKey("https://hospital-01.example.cn/fhir/sid/mandatory-report", "MR-2026-000001"));
		assertThat(report.summary()).isEqualTo("疑似遭受性侵害 (T74.2)");
		assertThat(report.clinicalCodes()).extracting(ClinicalCode::system, ClinicalCode::code)
			.containsExactly(tuple("http://hl7.org/fhir/sid/icd-10", "T74.2"));
		assertThat(report.payloadDigest()).matches("[0-9a-f]{64}");
		assertThat(message.messageHeaderId()).isEqualTo("0a6b7c8d-1e2f-4a3b-9c4d-5e6f7a8b9c0d");
		assertThat(message.source()).isEqualTo("urn:shouhu:workstation:ws-001");
	}

	@Test
	void theClinicalCodesOfEveryResourceOfTheBundleGoWithTheReport() {
		Bundle bundle = Demo.bundle(FHIR);
		encounter(bundle).addReasonCode().addCoding().setSystem("http://hl7.org/fhir/sid/icd-10").setCode("S06.0");
		Observation finding = new Observation();
		finding.setId("obs-1");
		finding.getCode().addCoding().setSystem("http://hl7.org/fhir/sid/icd-10").setCode("O03");
		bundle.addEntry().setFullUrl("urn:uuid:7b3c4d5e-8f9a-4b0c-9d1e-3f4a5b6c7d8e").setResource(finding);

		assertThat(reader.read(bundle).command().clinicalCodes()).extracting(ClinicalCode::code)
			.containsExactly("S06.0", "T74.2", "O03");
	}

	@Test
	void theSameContentAsXmlOrPrettyJsonHasTheSameDigest() {
		Bundle demo = Demo.bundle(FHIR);
		String xml = FHIR.newXmlParser().setPrettyPrint(true).encodeResourceToString(demo);
		String json = FHIR.newJsonParser().setPrettyPrint(false).encodeResourceToString(demo);

		String fromFile = reader.read(demo).command().payloadDigest();
		String fromXml = reader.read(FHIR.newXmlParser().parseResource(Bundle.class, xml)).command().payloadDigest();
		String fromJson = reader.read(FHIR.newJsonParser().parseResource(Bundle.class, json)).command().payloadDigest();

		assertThat(fromXml).isEqualTo(fromFile);
		assertThat(fromJson).isEqualTo(fromFile);
	}

	@Test
	void aResendWithANewTimestampHasTheSameDigestButOtherContentDoesNot() {
		String original = reader.read(Demo.bundle(FHIR)).command().payloadDigest();

		Bundle resent = Demo.bundle(FHIR);
		resent.setTimestampElement(new InstantType("2026-11-28T15:09:00+08:00"));
		resent.getMeta().setLastUpdated(new java.util.Date());
		Bundle changed = Demo.bundle(FHIR);
		flag(changed).getCode().getCodingFirstRep().setCode("S4");

		assertThat(reader.read(resent).command().payloadDigest()).isEqualTo(original);
		assertThat(reader.read(changed).command().payloadDigest()).isNotEqualTo(original);
	}

	@Test
	void urgencyDefaultsToUrgentWhenTheExtensionIsAbsent() {
		Bundle bundle = Demo.bundle(FHIR);
		flag(bundle).getExtension().clear();

		assertThat(reader.read(bundle).command().urgency()).isEqualTo(Urgency.URGENT);
	}

	@Test
	void theEncounterDateIsTakenInShanghai() {
		Bundle bundle = Demo.bundle(FHIR);
		// 17:00 UTC on the 27th is 01:00 on the 28th in Shanghai.
		encounter(bundle).getPeriod().getStartElement().setValueAsString("2026-11-27T17:00:00Z");

		assertThat(reader.read(bundle).command().encounterDate()).isEqualTo(LocalDate.of(2026, 11, 28));
	}

	@Test
	void withoutAnEncounterStartTheBundleTimestampGivesTheDate() {
		Bundle bundle = Demo.bundle(FHIR);
		encounter(bundle).setPeriod(null);
		bundle.setTimestampElement(new InstantType("2026-11-26T16:30:00Z"));

		assertThat(reader.read(bundle).command().encounterDate()).isEqualTo(LocalDate.of(2026, 11, 27));
	}

	@Test
	void withoutAnyDateTheEncounterIsToday() {
		Bundle bundle = Demo.bundle(FHIR);
		encounter(bundle).setPeriod(null);
		bundle.setTimestamp(null);

		assertThat(reader.read(bundle).command().encounterDate()).isEqualTo(LocalDate.of(2026, 11, 29));
	}

	@Test
	void severalSituationsAreAllTaken() {
		Bundle bundle = Demo.bundle(FHIR);
		flag(bundle).getCode().addCoding(new Coding(FhirContract.SITUATION_SYSTEM, "S4", null));

		assertThat(reader.read(bundle).command().situations()).containsExactlyInAnyOrder(Situation.S2, Situation.S4);
	}

	@Test
	void relativeReferencesResolveWithinTheBundle() {
		Bundle bundle = Demo.bundle(FHIR);
		Patient patient = (Patient) bundle.getEntry().get(2).getResource();
		patient.setId("child-1");
		bundle.getEntry().get(2).setFullUrl("https://hospital-01.example.cn/fhir/Patient/child-1");
		flag(bundle).setSubject(new Reference("Patient/child-1"));

		assertThat(reader.read(bundle).command().child().birthDate()).isEqualTo(LocalDate.of(2013, 5, 20));
	}

	@Test
	void aBundleOfAnotherTypeIsRefused() {
		assertIssues(b -> b.setType(Bundle.BundleType.COLLECTION), "Bundle.type");
	}

	@Test
	void aBundleWithoutIdentifierIsRefused() {
		assertIssues(b -> b.setIdentifier(null), "Bundle.identifier");
	}

	@Test
	void primitivesWithAnExtensionButNoValueAreMissingValuesNotCrashes() {
		String onlyExtension = "{\"extension\": [{\"url\": \"https://example.org/why-absent\", \"valueCode\": \"unknown\"}]}";
		String noIdentifierValue = Demo.json().replace("\"value\": \"MR-2026-000001\"", "\"_value\": " + onlyExtension);
		assertIssuesIn(noIdentifierValue, "Bundle.identifier");
		String noHospitalValue = Demo.json().replace("\"value\": \"hospital-01\"", "\"_value\": " + onlyExtension);
		assertThatThrownBy(() -> reader.read(parse(noHospitalValue))).isInstanceOf(UnprocessableEntityException.class);
		Bundle noEncounterStart = parse(
				Demo.json().replace("\"timestamp\": \"2026-11-28T15:05:00+08:00\"", "\"_timestamp\": " + onlyExtension));
		encounter(noEncounterStart).getPeriod().setStartElement(null);
		assertThat(reader.read(noEncounterStart).command().encounterDate()).as("today in Shanghai")
			.isEqualTo(java.time.LocalDate.of(2026, 11, 29));
	}

	@Test
	void aChildWithoutBirthDateIsRefused() {
		assertIssues(b -> ((Patient) b.getEntry().get(2).getResource()).setBirthDate(null),
				"Bundle.entry[2].resource.birthDate");
	}

	@Test
	void aBirthDateOfYearOnlyIsRefused() {
		assertIssues(b -> ((Patient) b.getEntry().get(2).getResource()).getBirthDateElement().setValueAsString("2013"),
				"Bundle.entry[2].resource.birthDate");
	}

	@Test
	void aBirthAfterTheEncounterIsRefused() {
		assertIssues(b -> ((Patient) b.getEntry().get(2).getResource()).getBirthDateElement()
			.setValueAsString("2026-11-29"), "Bundle.entry[2].resource.birthDate");
	}

	@Test
	void anEncounterInTheFutureIsRefused() {
		assertIssues(b -> encounter(b).getPeriod().getStartElement().setValueAsString("2027-01-01T08:00:00+08:00"),
				"Bundle.entry[5].resource.period.start");
	}

	@Test
	void aMessageThatDoesNotStartWithAMessageHeaderIsRefused() {
		assertIssues(b -> b.getEntry().remove(0), "Bundle.entry[0].resource");
	}

	@Test
	void anotherEventIsRefused() {
		assertIssues(b -> header(b).setEvent(new Coding(FhirContract.MESSAGE_EVENT_SYSTEM, "something-else", null)),
				"Bundle.entry[0].resource.event");
	}

	@Test
	void aSourceThatIsNotAWorkstationIsRefused() {
		assertIssues(b -> header(b).getSource().setEndpoint("https://his.example.cn"),
				"Bundle.entry[0].resource.source.endpoint");
	}

	@Test
	void aFocusThatIsNotInTheBundleIsRefused() {
		assertIssues(b -> header(b).getFocusFirstRep().setReference("urn:uuid:00000000-0000-4000-8000-000000000000"),
				"Bundle.entry[0].resource.focus");
	}

	@Test
	void aSubjectThatIsNotInTheBundleIsRefused() {
		assertIssues(b -> flag(b).setSubject(new Reference("Patient/elsewhere")), "Bundle.entry[1].resource.subject");
	}

	@Test
	void anAuthorThatIsNotInTheBundleIsRefused() {
		assertIssues(b -> flag(b).setAuthor(new Reference("Practitioner/elsewhere")),
				"Bundle.entry[1].resource.author");
	}

	@Test
	void aSenderThatIsNotInTheBundleIsRefused() {
		assertIssues(b -> header(b).setSender(new Reference("Organization/elsewhere")),
				"Bundle.entry[0].resource.sender");
	}

	@Test
	void aHospitalWithoutTheHospitalIdentifierIsRefused() {
		assertIssues(b -> ((Organization) b.getEntry().get(4).getResource()).getIdentifier()
			.clear(), "Bundle.entry[4].resource.identifier");
	}

	@Test
	void aFlagWithoutSituationIsRefused() {
		assertIssues(b -> flag(b).getCode().getCoding().clear(), "Bundle.entry[1].resource.code");
	}

	@Test
	void anUnknownSituationIsRefused() {
		assertIssues(b -> flag(b).getCode().getCodingFirstRep().setCode("S10"),
				"Bundle.entry[1].resource.code.coding[0].code");
	}

	@Test
	void anUnknownUrgencyIsRefused() {
		assertIssues(b -> flag(b).getExtension().get(0).setValue(new CodeType("whenever")),
				"Bundle.entry[1].resource.extension[0].value");
	}

	@Test
	void everyProblemIsAnIssueOfItsOwn() {
		assertIssues(b -> {
			b.setType(Bundle.BundleType.COLLECTION);
			((Patient) b.getEntry().get(2).getResource()).setBirthDate(null);
			header(b).getSource().setEndpoint(null);
		}, "Bundle.type", "Bundle.entry[0].resource.source.endpoint", "Bundle.entry[2].resource.birthDate");
	}

	@Test
	void problemsNameTheElementButNeverItsValue() {
		Bundle bundle = Demo.bundle(FHIR);
		flag(bundle).getCode().getCodingFirstRep().setCode("S10");
		((Patient) bundle.getEntry().get(2).getResource()).getBirthDateElement().setValueAsString("2027-01-01");

		assertThatThrownBy(() -> reader.read(bundle)).isInstanceOfSatisfying(UnprocessableEntityException.class,
				ex -> assertThat(FHIR.newJsonParser().encodeResourceToString(ex.getOperationOutcome()))
					.doesNotContain("S10", "2027", "示例", "000000201305200000"));
	}

	private static Bundle parse(String json) {
		return FHIR.newJsonParser().parseResource(Bundle.class, json);
	}

	private void assertIssuesIn(String json, String... expressions) {
		assertIssues(parse(json), expressions);
	}

	private void assertIssues(Consumer<Bundle> breakIt, String... expressions) {
		Bundle bundle = Demo.bundle(FHIR);
		breakIt.accept(bundle);
		assertIssues(bundle, expressions);
	}

	private void assertIssues(Bundle bundle, String... expressions) {
		assertThatThrownBy(() -> reader.read(bundle)).isInstanceOfSatisfying(UnprocessableEntityException.class,
				ex -> {
					assertThat(ex.getStatusCode()).isEqualTo(422);
					OperationOutcome outcome = (OperationOutcome) ex.getOperationOutcome();
					List<String> found = outcome.getIssue()
						.stream()
						.flatMap(issue -> issue.getExpression().stream())
						.map(e -> e.getValue())
						.toList();
					assertThat(found).containsExactlyInAnyOrder(expressions);
					assertThat(outcome.getIssue()).allSatisfy(issue -> {
						assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
						assertThat(issue.getExpression()).hasSize(1);
					});
				});
	}

	private static MessageHeader header(Bundle bundle) {
		return (MessageHeader) bundle.getEntry().get(0).getResource();
	}

	private static Flag flag(Bundle bundle) {
		return (Flag) bundle.getEntry().get(1).getResource();
	}

	private static Encounter encounter(Bundle bundle) {
		return (Encounter) bundle.getEntry().get(5).getResource();
	}
}
