package io.shouhu.fhir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;

/** Throwaway timing: java -cp ... io.shouhu.fhir.ValidatorTiming file.json [iterations]. */
public class ValidatorTiming {

	public static void main(String[] args) throws Exception {
		long t0 = System.nanoTime();
		FhirContext context = new FhirServerConfiguration().fhirContext();
		long t1 = System.nanoTime();
		ReportValidator validator = new ReportValidator(context);
		long t2 = System.nanoTime();
		validator.warmUp();
		long t3 = System.nanoTime();
		validator.guide();
		long t4 = System.nanoTime();
		System.out.printf("context %.0f ms, validator %.0f ms, warm-up %.0f ms, snapshots %.0f ms%n", (t1 - t0) / 1e6,
				(t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6);
		if (args.length > 2 && args[2].equals("warm")) {
			return;
		}
		String json = Files.readString(Path.of(args[0]));
		int n = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
		Bundle bundle = context.newJsonParser().parseResource(Bundle.class, json);
		validator.validate(bundle);
		System.out.printf("oidregistry ours: %s, %d bytes%n", ReportValidator.oidRegistryIsOurs(), json.length());

		PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(context);
		ConformanceResources.load(context).all().forEach(ours::addResource);
		FhirInstanceValidator module = new FhirInstanceValidator(new ValidationSupportChain(
				new DefaultProfileValidationSupport(context), ours, new CommonCodeSystemsTerminologyService(context),
				new InMemoryTerminologyServerValidationSupport(context), new SnapshotGeneratingValidationSupport(context)));
		module.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
		FhirValidator plain = context.newValidator().setValidateAgainstStandardSchema(false)
			.setValidateAgainstStandardSchematron(false).registerValidatorModule(module);
		plain.validateWithResult(bundle);

		String mode = args.length > 2 ? args[2] : "all";
		if (mode.equals("variants")) {
			java.util.Map<String, String> byType = new java.util.HashMap<>();
			for (var sd : ConformanceResources.load(context).structureDefinitions()) {
				if (sd.getKind() == org.hl7.fhir.r4.model.StructureDefinition.StructureDefinitionKind.RESOURCE) {
					byType.put(sd.getType(), sd.getUrl());
				}
			}
			String bundleProfile = byType.get("Bundle");
			java.util.function.Function<Boolean, Bundle> entriesStamped = withBundle -> {
				Bundle b = context.newJsonParser().parseResource(Bundle.class, json);
				if (withBundle) {
					b.getMeta().addProfile(bundleProfile);
				}
				for (var e : b.getEntry()) {
					String p = byType.get(e.getResource().fhirType());
					if (p != null) {
						e.getResource().getMeta().addProfile(p);
					}
				}
				return b;
			};
			ca.uhn.fhir.validation.ValidationOptions rootProfile = new ca.uhn.fhir.validation.ValidationOptions().addProfile(bundleProfile);
			for (int round = 0; round < 5; round++) {
				time("V1 nothing stamped", n, () -> plain.validateWithResult(context.newJsonParser().parseResource(Bundle.class, json)));
				time("V2 entries stamped, bundle not", n, () -> plain.validateWithResult(entriesStamped.apply(false)));
				time("V3 bundle meta.profile only", n, () -> { Bundle b = context.newJsonParser().parseResource(Bundle.class, json); b.getMeta().addProfile(bundleProfile); plain.validateWithResult(b); });
				time("V4 bundle via options + entries stamped", n, () -> plain.validateWithResult(entriesStamped.apply(false), rootProfile));
				time("V5 everything via meta.profile", n, () -> plain.validateWithResult(entriesStamped.apply(true)));
				time("V6 bundle via options only", n, () -> plain.validateWithResult(context.newJsonParser().parseResource(Bundle.class, json), rootProfile));
			}
			System.out.println(plain.validateWithResult(entriesStamped.apply(false), rootProfile).getMessages().size() + " vs " + plain.validateWithResult(entriesStamped.apply(true)).getMessages().size());
			return;
		}
		for (int round = 0; round < 6; round++) {
			if (mode.equals("all") || mode.equals("ours")) {
				time("ReportValidator.validate (parse + copy + stamp + validate)", n, () -> validator.validate(context.newJsonParser().parseResource(Bundle.class, json)));
			}
			if (mode.equals("all") || mode.equals("plain")) {
				time("same chain, no profiles stamped (parse + validate)", n, () -> plain.validateWithResult(context.newJsonParser().parseResource(Bundle.class, json)));
			}
			if (mode.equals("all")) {
				time("parse only", n, () -> context.newJsonParser().parseResource(Bundle.class, json));
			}
		}
	}

	static void time(String what, int n, Runnable run) {
		java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
		long start = System.nanoTime();
		long cpu = threads.getCurrentThreadCpuTime();
		for (int i = 0; i < n; i++) {
			run.run();
		}
		System.out.printf("  %6.2f ms CPU %6.2f ms wall  %s%n", (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / n,
				(System.nanoTime() - start) / 1e6 / n, what);
	}
}
