package io.shouhu.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.SingleValidationMessage;

/**
 * After its warm-up the validator holds FHIR's core StructureDefinitions in its R5 form only: it finds
 * exactly what it found while it held the R4 forms too, and the R4 forms are gone.
 */
class CoreStructureDefinitionsTests {

	private static final String PATIENT = "http://hl7.org/fhir/StructureDefinition/Patient";

	/** Not warmed up: it holds the core definitions in both forms, as before the release. */
	private static final ReportValidator HOLDING_BOTH = new ReportValidator(ReportValidatorTests.FHIR);

	static Stream<Arguments> reports() throws IOException {
		Stream<Arguments> examples = ReportValidatorTests.examples()
			.map(file -> Arguments.of("example " + file.getFileName(), (Consumer<Bundle>) bundle -> {
			}, file));
		Stream<Arguments> errors = ReportValidatorTests.errors().map(error -> Arguments.of(error.get()[0], error.get()[1], null));
		Stream<Arguments> declared = Stream.of(
				declaring("a core profile", b -> ReportValidatorTests.patient(b).getMeta().addProfile(PATIENT)),
				declaring("a core profile with its version",
						b -> ReportValidatorTests.patient(b).getMeta().addProfile(PATIENT + "|4.0.1")),
				declaring("a core profile with another version",
						b -> ReportValidatorTests.patient(b).getMeta().addProfile(PATIENT + "|3.0.2")),
				declaring("a core profile by its bare name", b -> ReportValidatorTests.patient(b).getMeta().addProfile("Patient")),
				declaring("a core profile of another type",
						b -> ReportValidatorTests.patient(b).getMeta().addProfile("http://hl7.org/fhir/StructureDefinition/bp")),
				declaring("a core profile that does not exist",
						b -> ReportValidatorTests.patient(b).getMeta().addProfile("http://hl7.org/fhir/StructureDefinition/no-such")),
				declaring("a core extension",
						b -> ReportValidatorTests.patient(b)
							.addExtension("http://hl7.org/fhir/StructureDefinition/patient-birthPlace",
									new Address().setCity("Hangzhou"))),
				declaring("a core extension with a value of the wrong type",
						b -> ReportValidatorTests.patient(b)
							.addExtension("http://hl7.org/fhir/StructureDefinition/patient-birthPlace", new StringType("Hangzhou"))),
				declaring("a core extension that does not exist",
						b -> ReportValidatorTests.patient(b)
							.addExtension("http://hl7.org/fhir/StructureDefinition/no-such-extension", new StringType("x"))));
		return Stream.of(examples, errors, declared).flatMap(s -> s);
	}

	private static Arguments declaring(String name, Consumer<Bundle> change) {
		return Arguments.of("declaring " + name, change, null);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("reports")
	void theWarmedUpValidatorFindsWhatOneHoldingBothFormsFinds(String name, Consumer<Bundle> change, Path example)
			throws IOException {
		List<String> released = messages(ReportValidatorTests.VALIDATOR, change, example);
		List<String> both = messages(HOLDING_BOTH, change, example);

		assertThat(released).as(name).isEqualTo(both);
	}

	@Test
	void aCoreDefinitionIsServedFromTheR5FormOnceTheR4FormsAreDropped() {
		CoreStructureDefinitions core = new CoreStructureDefinitions(ReportValidatorTests.FHIR);
		ValidationSupportChain chain = new ValidationSupportChain(core);
		StructureDefinition held = (StructureDefinition) core.fetchStructureDefinition(PATIENT);
		int elements = held.getSnapshot().getElement().size();
		Object sourcePackage = held.getUserData(DefaultProfileValidationSupport.SOURCE_PACKAGE_ID);
		WeakReference<StructureDefinition> r4 = new WeakReference<>(held);
		held = null;

		assertThat(core.release(new CachingWorkerContext(chain))).isGreaterThan(600);
		chain.invalidateCaches();

		StructureDefinition served = (StructureDefinition) core.fetchStructureDefinition(PATIENT);
		assertThat(served.getSnapshot().getElement()).hasSize(elements);
		assertThat(served.getUserData(DefaultProfileValidationSupport.SOURCE_PACKAGE_ID)).isEqualTo(sourcePackage);
		assertThat(core.fetchStructureDefinition("Patient")).isNotNull();
		assertThat(core.fetchStructureDefinition(PATIENT + "|4.0.1")).isNotNull();
		assertThat(core.fetchStructureDefinition(PATIENT + "-no-such")).isNull();
		assertThat(core.defines(PATIENT)).isTrue();
		assertThat(core.defines(PATIENT + "-no-such")).isFalse();
		for (int i = 0; i < 10 && r4.get() != null; i++) {
			System.gc();
		}
		assertThat(r4.get()).as("the R4 form of Patient, once released").isNull();
	}

	private static List<String> messages(ReportValidator validator, Consumer<Bundle> change, Path example)
			throws IOException {
		Bundle bundle = example != null ? ReportValidatorTests.example(example) : Demo.bundle(ReportValidatorTests.FHIR);
		change.accept(bundle);
		return validator.validate(bundle)
			.getMessages()
			.stream()
			.map(CoreStructureDefinitionsTests::describe)
			.sorted()
			.toList();
	}

	private static String describe(SingleValidationMessage message) {
		return message.getSeverity() + " " + message.getLocationString() + " " + message.getMessageId() + " "
				+ message.getMessage();
	}
}
