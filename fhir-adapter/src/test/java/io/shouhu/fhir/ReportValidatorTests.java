package io.shouhu.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;

/**
 * The report validator on its own: the guide's examples pass, each kind of error comes back as one
 * issue at the element, in Chinese or English, and the caller's Bundle is left as it came.
 */
class ReportValidatorTests {

	static final FhirContext FHIR = new FhirServerConfiguration().fhirContext();

	/**
	 * Built and warmed up once for all tests of the JVM, as the server runs it (the warm-up leaves the
	 * core definitions in R5 form only): it takes seconds.
	 */
	static final ReportValidator VALIDATOR = warmedUp(new ReportValidator(FHIR));

	static final Path EXAMPLES = Path.of("../docs/fhir/examples");

	private static final String PATIENT = "urn:uuid:2c8d9e0f-3a4b-4c5d-9e6f-7a8b9c0d1e2f";

	private static final String ORGANIZATION = "urn:uuid:4e0f1a2b-5c6d-4e7f-8a9b-0c1d2e3f4a5b";

	static Stream<Path> examples() throws IOException {
		try (Stream<Path> files = Files.list(EXAMPLES)) {
			List<Path> all = files.filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".xml"))
				.sorted()
				.toList();
			assertThat(all).hasSizeGreaterThanOrEqualTo(3);
			return all.stream();
		}
	}

	private static ReportValidator warmedUp(ReportValidator validator) {
		validator.warmUp();
		return validator;
	}

	static Bundle example(Path file) throws IOException {
		String text = Files.readString(file, StandardCharsets.UTF_8);
		return file.toString().endsWith(".xml") ? FHIR.newXmlParser().parseResource(Bundle.class, text)
				: FHIR.newJsonParser().parseResource(Bundle.class, text);
	}

	@ParameterizedTest
	@MethodSource("examples")
	void everyExampleOfTheGuideIsValid(Path example) throws IOException {
		ValidationResult result = VALIDATOR.validate(example(example));

		assertThat(errors(result)).as(example.toString()).isEmpty();
		assertThatCode(() -> VALIDATOR.check(example(example), Languages.CHINESE)).doesNotThrowAnyException();
	}

	@Test
	void theDemoReportIsValidAndTheGuidesCopyOfItIsTheSame() throws IOException {
		assertThat(errors(VALIDATOR.validate(Demo.bundle(FHIR)))).isEmpty();
		assertThat(Files.readString(EXAMPLES.resolve("report.json"))).isEqualTo(Demo.json());
		assertThat(encode(example(EXAMPLES.resolve("report.xml")))).isEqualTo(encode(Demo.bundle(FHIR)));
	}

	@Test
	void theWarmUpReportIsTheGuidesExampleWithEvidence() throws IOException {
		try (InputStream in = getClass().getClassLoader().getResourceAsStream(ReportValidator.WARM_UP_REPORT)) {
			assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
				.isEqualTo(Files.readString(EXAMPLES.resolve("report-with-evidence.json")));
		}
		assertThatCode(VALIDATOR::warmUp).doesNotThrowAnyException();
	}

	@Test
	void theOidRegistryHapiReadsOnEveryValidationIsOursWithItsHeaderOnly() throws IOException {
		URL registry = getClass().getClassLoader().getResource("oidregistry.csv");

		assertThat(registry).isNotNull();
		assertThat(registry.getPath()).doesNotContain("org.hl7.fhir.utilities");
		try (InputStream in = registry.openStream()) {
			assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
				.isEqualTo("Comp_OID,Oid_Type,Symbolic_name,CodingSystemName\n");
		}
		assertThat(ReportValidator.oidRegistryIsOurs()).isTrue();
	}

	static Stream<Arguments> errors() {
		return Stream.of(
				error("collection instead of message", b -> b.setType(Bundle.BundleType.COLLECTION), "Bundle.type",
						IssueType.VALUE, "须为 message", "must be message"),
				error("no identifier", b -> b.setIdentifier(null), "Bundle.identifier", IssueType.REQUIRED,
						"缺少必填元素 Bundle.identifier", "Bundle.identifier is required"),
				error("identifier without system", b -> b.getIdentifier().setSystem(null), "Bundle.identifier.system",
						IssueType.REQUIRED, "Bundle.identifier.system", "Bundle.identifier.system is required"),
				error("no birth date", b -> patient(b).setBirthDate(null), "Bundle.entry[2].resource.birthDate",
						IssueType.REQUIRED, "缺少必填元素 Patient.birthDate", "Patient.birthDate is required"),
				error("birth year and month only", b -> patient(b).getBirthDateElement().setValueAsString("2013-05"),
						"Bundle.entry[2].resource.birthDate", IssueType.VALUE, "完整日期", "full date"),
				error("situation S10", b -> flag(b).getCode().getCodingFirstRep().setCode("S10"),
						"Bundle.entry[1].resource.code", IssueType.CODEINVALID, "代码不在值集",
						"not in the value set " + FhirContract.SITUATION_SYSTEM.replace("CodeSystem", "ValueSet")),
				error("situation as text only", b -> flag(b).getCode().getCoding().clear(), "Bundle.entry[1].resource.code",
						IssueType.REQUIRED, "缺少代码", "A code from the value set"),
				error("urgency now", b -> flag(b).getExtension().get(0).setValue(new CodeType("now")),
						"Bundle.entry[1].resource.extension[0].value.ofType(code)", IssueType.CODEINVALID, "代码不在值集",
						"https://shouhu.io/fhir/ValueSet/report-urgency"),
				error("urgency as a string", b -> flag(b).getExtension().get(0).setValue(new StringType("urgent")),
						"Bundle.entry[1].resource.extension[0].value", IssueType.STRUCTURE, "值类型错误", "type code"),
				error("urgency twice", b -> flag(b).addExtension(FhirContract.URGENCY_EXTENSION, new CodeType("urgent")),
						"Bundle.entry[1].resource.extension", IssueType.STRUCTURE, "最多允许 1 个", "at most 1"),
				error("a misspelt extension of ours",
						b -> flag(b).getExtension().get(0).setUrl(FhirContract.URGENCY_EXTENSION + "s"),
						"Bundle.entry[1].resource.extension[0]", IssueType.NOTSUPPORTED, "未知的扩展", "Unknown extension"),
				error("another event", b -> header(b).getEventCoding().setCode("other"),
						"Bundle.entry[0].resource.event.ofType(Coding)", IssueType.CODEINVALID, "代码不在值集",
						"https://shouhu.io/fhir/ValueSet/message-event"),
				error("a workstation that is not one", b -> header(b).getSource().setEndpoint("http://his.example.cn"),
						"Bundle.entry[0].resource.source.endpoint", IssueType.VALUE, "工作站", "workstation"),
				error("no sender", b -> header(b).setSender(null), "Bundle.entry[0].resource.sender", IssueType.REQUIRED,
						"MessageHeader.sender", "MessageHeader.sender is required"),
				error("no focus", b -> header(b).getFocus().clear(), "Bundle.entry[0].resource.focus", IssueType.REQUIRED,
						"MessageHeader.focus", "MessageHeader.focus is required"),
				error("focus on the patient", b -> header(b).getFocusFirstRep().setReference(PATIENT),
						"Bundle.entry[0].resource.focus[0]", IssueType.STRUCTURE, "应为 Flag，实际为 Patient",
						"must point to Flag, not to Patient"),
				error("focus on nothing in the bundle",
						b -> header(b).getFocusFirstRep().setReference("urn:uuid:00000000-0000-4000-8000-000000000000"),
						"Bundle.entry[0].resource.focus[0]", IssueType.NOTFOUND, "不在本 Bundle 中", "not in this Bundle"),
				error("the header last", b -> b.getEntry().add(b.getEntry().remove(0)), "Bundle.entry[0].resource",
						IssueType.STRUCTURE, "第一个 entry 必须是 MessageHeader", "must be a MessageHeader"),
				error("a hospital without its Shouhu id",
						b -> organization(b).getIdentifierFirstRep().setSystem("urn:oid:1.2.3"),
						"Bundle.entry[4].resource.identifier", IssueType.REQUIRED, FhirContract.HOSPITAL_SYSTEM,
						FhirContract.HOSPITAL_SYSTEM),
				error("the flag about an organization", b -> flag(b).getSubject().setReference(ORGANIZATION),
						"Bundle.entry[1].resource.subject", IssueType.STRUCTURE, "应为 Patient", "must point to Patient"),
				error("an author that is an organization", b -> flag(b).getAuthor().setReference(ORGANIZATION),
						"Bundle.entry[1].resource.author", IssueType.STRUCTURE, "Practitioner, PractitionerRole",
						"Practitioner, PractitionerRole"),
				error("no flag status", b -> flag(b).setStatus(null), "Bundle.entry[1].resource.status",
						IssueType.REQUIRED, "Flag.status", "Flag.status is required"),
				error("a misspelt profile of ours",
						b -> patient(b).getMeta().addProfile("https://shouhu.io/fhir/StructureDefinition/shouhu-minor-patien"),
						"Bundle.entry[2].resource.meta.profile[0]", IssueType.NOTSUPPORTED, "未知的 profile",
						"Unknown profile"),
				error("an observation about no one", b -> b.addEntry()
					.setFullUrl("urn:uuid:9e0f1a2b-5c6d-4e7f-8a9b-0c1d2e3f4a5b")
					.setResource(new Observation().setStatus(Observation.ObservationStatus.FINAL)
						.setCode(new org.hl7.fhir.r4.model.CodeableConcept().setText("体格检查"))),
						"Bundle.entry[7].resource.subject", IssueType.REQUIRED, "Observation.subject",
						"Observation.subject is required"),
				error("an attachment without its type", b -> {
					DocumentReference photo = new DocumentReference();
					photo.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
					photo.setSubject(new Reference(PATIENT));
					photo.addContent().getAttachment().setData(new byte[] { 1, 2, 3 });
					b.addEntry().setFullUrl("urn:uuid:9e0f1a2b-5c6d-4e7f-8a9b-0c1d2e3f4a5b").setResource(photo);
				}, "Bundle.entry[7].resource.content[0].attachment.contentType", IssueType.REQUIRED, "contentType",
						"contentType"),
				error("an attachment of another size than stated", b -> b.addEntry()
					.setFullUrl("urn:uuid:9e0f1a2b-5c6d-4e7f-8a9b-0c1d2e3f4a5b")
					.setResource(photo(new Attachment().setContentType("image/png").setData(new byte[] { 1, 2, 3 }).setSize(4))),
						"Bundle.entry[7].resource.content[0].attachment.size", IssueType.VALUE, "size", "Attachment.size"),
				error("an attachment of another hash than stated", b -> b.addEntry()
					.setFullUrl("urn:uuid:9e0f1a2b-5c6d-4e7f-8a9b-0c1d2e3f4a5b")
					.setResource(photo(new Attachment().setContentType("image/png").setData(new byte[] { 1, 2, 3 })
						.setHash(new byte[20]))),
						"Bundle.entry[7].resource.content[0].attachment.hash", IssueType.VALUE, "SHA-1", "SHA-1"),
				error("no full URLs", b -> b.getEntry().forEach(e -> e.setFullUrl(null)), "Bundle.entry[0].fullUrl",
						IssueType.REQUIRED, "fullUrl", "fullUrl"));
	}

	private static DocumentReference photo(Attachment attachment) {
		DocumentReference photo = new DocumentReference();
		photo.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
		photo.setSubject(new Reference(PATIENT));
		photo.addContent().setAttachment(attachment);
		return photo;
	}

	@Test
	void anAttachmentWhoseSizeAndHashAreRightPasses() throws Exception {
		byte[] data = { 1, 2, 3 };
		Bundle bundle = Demo.bundle(FHIR);
		bundle.addEntry()
			.setFullUrl("urn:uuid:9e0f1a2b-5c6d-4e7f-8a9b-0c1d2e3f4a5b")
			.setResource(photo(new Attachment().setContentType("image/png").setData(data).setSize(3)
				.setHash(java.security.MessageDigest.getInstance("SHA-1").digest(data))));

		assertThatCode(() -> VALIDATOR.check(bundle, Languages.CHINESE)).doesNotThrowAnyException();
	}

	private static Arguments error(String name, Consumer<Bundle> change, String expression, IssueType type,
			String chinese, String english) {
		return Arguments.of(name, change, expression, type, chinese, english);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("errors")
	void eachErrorIsOneIssueAtTheElementInChineseOrEnglish(String name, Consumer<Bundle> change, String expression,
			IssueType type, String chinese, String english) {
		Bundle bundle = Demo.bundle(FHIR);
		change.accept(bundle);

		OperationOutcome inChinese = refusal(bundle, Languages.CHINESE);
		OperationOutcome inEnglish = refusal(bundle, Languages.ENGLISH);

		OperationOutcome.OperationOutcomeIssueComponent zh = issueAt(inChinese, expression);
		assertThat(zh.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
		assertThat(zh.getCode()).isEqualTo(type);
		assertThat(zh.getDiagnostics()).contains(chinese);
		assertThat(issueAt(inEnglish, expression).getDiagnostics()).contains(english);
		assertThat(inChinese.getIssue()).hasSameSizeAs(inEnglish.getIssue());
		// one issue per problem: no two issues say the same about the same element
		assertThat(inChinese.getIssue()).extracting(i -> i.getExpression().get(0).getValue() + " " + i.getDiagnostics())
			.doesNotHaveDuplicates();
	}

	@Test
	void aMissingBirthDateAndAWrongTypeAreTwoIssuesAndNothingElse() {
		Bundle bundle = Demo.bundle(FHIR);
		bundle.setType(Bundle.BundleType.COLLECTION);
		patient(bundle).setBirthDate(null);

		assertThat(refusal(bundle, Languages.CHINESE).getIssue()).extracting(i -> i.getExpression().get(0).getValue())
			.containsExactlyInAnyOrder("Bundle.type", "Bundle.entry[2].resource.birthDate");
	}

	/**
	 * The guide's references name its profiles (Flag.subject the minor patient, MessageHeader.focus the
	 * report Flag, ...), so the validator checks a referenced entry against its profile once and shares
	 * the outcome. A referenced entry that fails is still reported where it fails and only there: not
	 * again at every element that refers to it.
	 */
	@Test
	void aBrokenEntryIsReportedAtItselfNotAtTheReferencesToIt() {
		Bundle noBirthDate = Demo.bundle(FHIR);
		patient(noBirthDate).setBirthDate(null);
		Bundle flagWithoutStatus = Demo.bundle(FHIR);
		flag(flagWithoutStatus).setStatus(null);
		Bundle encounterWithoutStatus = Demo.bundle(FHIR);
		int encounter = entryOf(encounterWithoutStatus, org.hl7.fhir.r4.model.Encounter.class);
		((org.hl7.fhir.r4.model.Encounter) encounterWithoutStatus.getEntry().get(encounter).getResource()).setStatus(null);

		assertThat(expressions(refusal(noBirthDate, Languages.ENGLISH))).containsExactly("Bundle.entry[2].resource.birthDate");
		assertThat(expressions(refusal(flagWithoutStatus, Languages.ENGLISH))).containsExactly("Bundle.entry[1].resource.status");
		assertThat(expressions(refusal(encounterWithoutStatus, Languages.ENGLISH)))
			.containsExactly("Bundle.entry[" + encounter + "].resource.status");
	}

	private static int entryOf(Bundle bundle, Class<?> type) {
		for (int i = 0; i < bundle.getEntry().size(); i++) {
			if (type.isInstance(bundle.getEntry().get(i).getResource())) {
				return i;
			}
		}
		throw new IllegalArgumentException("No " + type.getSimpleName() + " in the bundle");
	}

	@Test
	void theProfilesApplyWhetherTheSenderDeclaresThemOrNot() {
		Bundle declared = Demo.bundle(FHIR);
		patient(declared).getMeta().addProfile("https://shouhu.io/fhir/StructureDefinition/shouhu-minor-patient");
		patient(declared).setBirthDate(null);
		Bundle undeclared = Demo.bundle(FHIR);
		patient(undeclared).setBirthDate(null);

		assertThat(expressions(refusal(declared, Languages.ENGLISH))).containsExactly("Bundle.entry[2].resource.birthDate");
		assertThat(expressions(refusal(undeclared, Languages.ENGLISH))).containsExactly("Bundle.entry[2].resource.birthDate");
	}

	@Test
	void aProfileOfAnotherGuideIsIgnoredAndOursStillApplies() {
		Bundle bundle = Demo.bundle(FHIR);
		patient(bundle).getMeta().addProfile("https://fhir.example.cn/StructureDefinition/cn-patient");
		assertThatCode(() -> VALIDATOR.check(bundle, Languages.CHINESE)).doesNotThrowAnyException();

		patient(bundle).setBirthDate(null);
		assertThat(expressions(refusal(bundle, Languages.CHINESE))).containsExactly("Bundle.entry[2].resource.birthDate");
	}

	@Test
	void aHospitalsOwnExtensionsAndASecondOrganizationPass() {
		Bundle bundle = Demo.bundle(FHIR);
		flag(bundle).addExtension("https://his.example.cn/fhir/StructureDefinition/ward", new StringType("儿科"));
		bundle.addEntry()
			.setFullUrl("urn:uuid:9e0f1a2b-5c6d-4e7f-8a9b-0c1d2e3f4a5b")
			.setResource(new Organization().setName("转诊医院"));

		assertThatCode(() -> VALIDATOR.check(bundle, Languages.CHINESE)).doesNotThrowAnyException();
	}

	@Test
	void warningsDoNotRefuseAReport() {
		// The demo's ICD-10 code system is unknown to an offline validator: a warning, not an error.
		ValidationResult result = VALIDATOR.validate(Demo.bundle(FHIR));

		assertThat(result.getMessages()).anyMatch(m -> m.getSeverity() == ResultSeverityEnum.WARNING);
		assertThatCode(() -> VALIDATOR.check(Demo.bundle(FHIR), Languages.CHINESE)).doesNotThrowAnyException();
	}

	@Test
	void theCallersBundleAndItsDigestAreLeftAsTheyCame() {
		Bundle bundle = Demo.bundle(FHIR);
		String before = encode(bundle);
		String digest = PayloadDigest.of(FHIR, bundle);

		VALIDATOR.validate(bundle);

		assertThat(encode(bundle)).isEqualTo(before);
		assertThat(PayloadDigest.of(FHIR, bundle)).isEqualTo(digest);
		assertThat(bundle.getMeta().getProfile()).isEmpty();
		assertThat(patient(bundle).getMeta().getProfile()).isEmpty();
	}

	@Test
	void aBundleSentAsTheContentParameterIsLeftAsItCameToo() {
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("content").setResource(Demo.bundle(FHIR));
		Parameters parsed = FHIR.newJsonParser().parseResource(Parameters.class,
				FHIR.newJsonParser().encodeResourceToString(parameters));
		Bundle bundle = (Bundle) parsed.getParameterFirstRep().getResource();
		String before = encode(bundle);
		String digest = PayloadDigest.of(FHIR, bundle);

		assertThat(errors(VALIDATOR.validate(bundle))).isEmpty();

		assertThat(encode(bundle)).isEqualTo(before);
		assertThat(PayloadDigest.of(FHIR, bundle)).isEqualTo(digest);
	}

	@Test
	void valuesSentAreNeverQuotedBack() {
		Bundle bundle = Demo.bundle(FHIR);
		patient(bundle).getBirthDateElement().setValueAsString("2013-05");
		flag(bundle).getCode().getCodingFirstRep().setCode("S10");
		organization(bundle).getIdentifierFirstRep().setSystem("urn:oid:1.2.3");

		String outcome = FHIR.newJsonParser().encodeResourceToString(refusal(bundle, Languages.ENGLISH));

		assertThat(outcome).doesNotContain("2013-05\"", "S10", "hospital-01", "urn:oid:1.2.3");
	}

	@Test
	void anUnknownValidatorMessageKeepsItsTextWithValuesBlankedAndAChineseLead() {
		SingleValidationMessage message = new SingleValidationMessage();
		message.setSeverity(ResultSeverityEnum.ERROR);
		message.setMessageId("Some_New_Check");
		message.setLocationString("Bundle.entry[2].resource/*Patient/x*/.name[0]");
		message.setMessage("The name '示例小雨' is odd in https://shouhu.io/fhir/StructureDefinition/x (see 'https://example.cn/a')");

		ValidationMessages.Issue issue = ValidationMessages.issue(message);

		assertThat(issue.expression()).isEqualTo("Bundle.entry[2].resource.name[0]");
		assertThat(issue.english()).isEqualTo(
				"The name '…' is odd in https://shouhu.io/fhir/StructureDefinition/x (see 'https://example.cn/a')");
		assertThat(issue.chinese()).isEqualTo(IssueTranslations.CHINESE_LEAD + issue.english());
	}

	static List<SingleValidationMessage> errors(ValidationResult result) {
		return result.getMessages()
			.stream()
			.filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
			.toList();
	}

	private static OperationOutcome refusal(Bundle bundle, Locale locale) {
		UnprocessableEntityException refused = catchThrowableOfType(UnprocessableEntityException.class,
				() -> VALIDATOR.check(bundle, locale));
		assertThat(refused).as("refused").isNotNull();
		return (OperationOutcome) refused.getOperationOutcome();
	}

	private static OperationOutcome.OperationOutcomeIssueComponent issueAt(OperationOutcome outcome, String expression) {
		List<OperationOutcome.OperationOutcomeIssueComponent> at = outcome.getIssue()
			.stream()
			.filter(i -> i.getExpression().size() == 1 && expression.equals(i.getExpression().get(0).getValue()))
			.toList();
		assertThat(at).as("issues at %s among %s", expression, expressions(outcome)).hasSize(1);
		return at.get(0);
	}

	private static List<String> expressions(OperationOutcome outcome) {
		return outcome.getIssue().stream().flatMap(i -> i.getExpression().stream()).map(e -> e.getValue()).toList();
	}

	private static String encode(Bundle bundle) {
		return FHIR.newJsonParser().encodeResourceToString(bundle);
	}

	static MessageHeader header(Bundle bundle) {
		return (MessageHeader) bundle.getEntry().get(0).getResource();
	}

	static Flag flag(Bundle bundle) {
		return (Flag) bundle.getEntry().get(1).getResource();
	}

	static Patient patient(Bundle bundle) {
		return (Patient) bundle.getEntry().get(2).getResource();
	}

	static Organization organization(Bundle bundle) {
		return (Organization) bundle.getEntry().get(4).getResource();
	}
}
