package io.shouhu.fhir;

import java.util.function.Consumer;

import org.hl7.fhir.r4.model.*;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.ValidationResult;

/** Throwaway. */
public class ValidatorProbe {

	static FhirContext context = new FhirServerConfiguration().fhirContext();
	static ReportValidator validator;

	public static void main(String[] args) throws Exception {
		validator = new ReportValidator(context);
		validator.warmUp();
		probe("demo", b -> {});
		probe("collection+nobirth", b -> { b.setType(Bundle.BundleType.COLLECTION); patient(b).setBirthDate(null); });
		probe("S10", b -> flag(b).getCode().getCodingFirstRep().setCode("S10"));
		probe("code text only", b -> flag(b).getCode().getCoding().clear());
		probe("urgency bad", b -> flag(b).getExtension().get(0).setValue(new CodeType("now")));
		probe("urgency string", b -> flag(b).getExtension().get(0).setValue(new StringType("urgent")));
		probe("urgency twice", b -> flag(b).addExtension(FhirContract.URGENCY_EXTENSION, new CodeType("urgent")));
		probe("unknown ext ours", b -> flag(b).getExtension().get(0).setUrl("https://shouhu.io/fhir/StructureDefinition/report-urgncy"));
		probe("unknown ext ours deep", b -> patient(b).getBirthDateElement().addExtension("https://shouhu.io/fhir/StructureDefinition/x", new StringType("a")));
		probe("unknown ext foreign", b -> flag(b).addExtension("https://his.example.cn/ext/x", new StringType("a")));
		probe("event wrong", b -> header(b).getEventCoding().setCode("other"));
		probe("no identifier", b -> b.setIdentifier(null));
		probe("identifier no system", b -> b.getIdentifier().setSystem(null));
		probe("workstation bad", b -> header(b).getSource().setEndpoint("http://x"));
		probe("no sender", b -> header(b).setSender(null));
		probe("focus patient", b -> header(b).getFocusFirstRep().setReference("urn:uuid:2c8d9e0f-3a4b-4c5d-9e6f-7a8b9c0d1e2f"));
		probe("focus dangling", b -> header(b).getFocusFirstRep().setReference("urn:uuid:00000000-3a4b-4c5d-9e6f-7a8b9c0d1e2f"));
		probe("no focus", b -> header(b).getFocus().clear());
		probe("header not first", b -> { var e = b.getEntry().remove(0); b.getEntry().add(e); });
		probe("partial birthdate", b -> patient(b).getBirthDateElement().setValueAsString("2013-05"));
		probe("org no hospital id", b -> ((Organization) b.getEntry().get(4).getResource()).getIdentifierFirstRep().setSystem("urn:x"));
		probe("subject is org", b -> flag(b).getSubject().setReference("urn:uuid:4e0f1a2b-5c6d-4e7f-8a9b-0c1d2e3f4a5b"));
		probe("unknown profile ours", b -> patient(b).getMeta().addProfile("https://shouhu.io/fhir/StructureDefinition/shouhu-minor-patien"));
		probe("flag status missing", b -> flag(b).setStatus(null));
		probe("author org", b -> flag(b).getAuthor().setReference("urn:uuid:4e0f1a2b-5c6d-4e7f-8a9b-0c1d2e3f4a5b"));
		probe("docref no ct", b -> { DocumentReference d = new DocumentReference(); d.setStatus(Enumerations.DocumentReferenceStatus.CURRENT); d.setSubject(new Reference("urn:uuid:2c8d9e0f-3a4b-4c5d-9e6f-7a8b9c0d1e2f")); d.addContent().getAttachment().setData(new byte[] {1,2}); b.addEntry().setFullUrl("urn:uuid:9e0f1a2b-5c6d-4e7f-8a9b-0c1d2e3f4a5b").setResource(d); });
		probe("profile wrong type", b -> patient(b).getMeta().addProfile("https://shouhu.io/fhir/StructureDefinition/shouhu-report-flag"));
		probe("empty bundle", b -> b.getEntry().clear());
		probe("no fullUrls", b -> { for (var e : b.getEntry()) { e.setFullUrl(null); }});
		long t = System.nanoTime();
		Bundle demo = Demo.bundle(context);
		int n = 300;
		for (int i = 0; i < n; i++) validator.validate(demo);
		System.out.println("per bundle ms " + (System.nanoTime() - t) / 1e6 / n + " oid ours " + ReportValidator.oidRegistryIsOurs());
	}

	static Flag flag(Bundle b) { return (Flag) b.getEntry().get(1).getResource(); }
	static Patient patient(Bundle b) { return (Patient) b.getEntry().get(2).getResource(); }
	static MessageHeader header(Bundle b) { return (MessageHeader) b.getEntry().get(0).getResource(); }

	static void probe(String name, Consumer<Bundle> change) {
		Bundle b = Demo.bundle(context);
		change.accept(b);
		System.out.println("== " + name);
		for (java.util.Locale l : java.util.List.of(Languages.CHINESE, Languages.ENGLISH)) {
			try {
				validator.check(b, l);
				System.out.println("  OK");
			}
			catch (ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException e) {
				((OperationOutcome) e.getOperationOutcome()).getIssue().forEach(i -> System.out.println("  " + i.getCode().toCode() + " | " + i.getExpression() + " | " + i.getDiagnostics()));
			}
		}
	}
}
