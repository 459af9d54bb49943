package io.shouhu.fhir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.context.IWorkerContext;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.hapi.converters.canonical.VersionCanonicalizer;

/**
 * FHIR's core definitions for the validator's support chain, with the StructureDefinitions held once.
 * HAPI's {@link DefaultProfileValidationSupport} keeps the ~670 core StructureDefinitions in R4 form
 * for the life of the JVM, and the validator's worker context keeps the R5 form it converts each into
 * beside them: about 65 MB twice, a quarter of the server's live heap. Once the worker has converted
 * them all, {@link #release} drops the R4 forms. After that a core StructureDefinition in R4 form is
 * converted back from the worker's R5 form when asked for, which only callers outside the validator
 * do, and rarely: the validator itself asks the worker. Code systems and value sets come from HAPI's
 * support as before (they are loaded again once, when next asked for, after the release).
 */
final class CoreStructureDefinitions implements IValidationSupport {

	private static final String BASE = "http://hl7.org/fhir/StructureDefinition/";

	private final DefaultProfileValidationSupport core;

	private final VersionCanonicalizer canonicalizer;

	/** The core StructureDefinitions in the worker's R5 form by URL, once released; until then null. */
	private volatile Map<String, org.hl7.fhir.r5.model.StructureDefinition> released;

	CoreStructureDefinitions(FhirContext context) {
		this.core = new DefaultProfileValidationSupport(context);
		this.canonicalizer = new VersionCanonicalizer(context);
	}

	/**
	 * Keeps the worker's R5 form of every core StructureDefinition and drops the R4 forms. Call it
	 * when no validation runs yet: HAPI keeps the R4 forms in one place per JVM, so this drops them
	 * for every validator built on HAPI's default support, which loads them again when it next needs
	 * them.
	 * @param worker the worker context the validator uses, which converts and keeps the R5 forms
	 * @return how many definitions are now held in R5 form only
	 */
	synchronized int release(IWorkerContext worker) {
		if (released != null) {
			return released.size();
		}
		Map<String, org.hl7.fhir.r5.model.StructureDefinition> byUrl = new HashMap<>();
		for (IBaseResource definition : core.fetchAllStructureDefinitions()) {
			String url = DefaultProfileValidationSupport.getConformanceResourceUrl(core.getFhirContext(), definition);
			org.hl7.fhir.r5.model.StructureDefinition converted = url == null ? null
					: worker.fetchResource(org.hl7.fhir.r5.model.StructureDefinition.class, url);
			if (converted == null) {
				// Cannot be served from the R5 forms: keep HAPI's support as it is.
				return 0;
			}
			byUrl.put(url, converted);
		}
		released = Map.copyOf(byUrl);
		core.flush();
		return byUrl.size();
	}

	@Override
	public FhirContext getFhirContext() {
		return core.getFhirContext();
	}

	@Override
	public String getName() {
		return "Shouhu core definitions";
	}

	@Override
	public IBaseResource fetchStructureDefinition(String url) {
		Map<String, org.hl7.fhir.r5.model.StructureDefinition> held = released;
		if (held == null) {
			return core.fetchStructureDefinition(url);
		}
		org.hl7.fhir.r5.model.StructureDefinition found = url == null ? null : held.get(normalised(url));
		return found == null ? null : inR4(found);
	}

	/** Whether a StructureDefinition of core FHIR has this URL, without converting it. */
	boolean defines(String url) {
		Map<String, org.hl7.fhir.r5.model.StructureDefinition> held = released;
		return held != null ? url != null && held.containsKey(normalised(url)) : core.fetchStructureDefinition(url) != null;
	}

	/** The R4 form, marked with its package as HAPI's default support marks it. */
	private IBaseResource inR4(org.hl7.fhir.r5.model.StructureDefinition definition) {
		IBaseResource r4 = canonicalizer.structureDefinitionFromCanonical(definition);
		if (definition.getSourcePackage() != null) {
			r4.setUserData(DefaultProfileValidationSupport.SOURCE_PACKAGE_ID, definition.getSourcePackage().getId());
		}
		return r4;
	}

	/** As HAPI's default support looks a definition up: a bare type name, or a URL with a version. */
	private static String normalised(String url) {
		String plain = url.indexOf('|') < 0 ? url : url.substring(0, url.indexOf('|'));
		return plain.indexOf('/') < 0 ? BASE + plain : plain;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T extends IBaseResource> List<T> fetchAllStructureDefinitions() {
		Map<String, org.hl7.fhir.r5.model.StructureDefinition> held = released;
		if (held == null) {
			return core.fetchAllStructureDefinitions();
		}
		List<T> all = new ArrayList<>(held.size());
		held.values().forEach(definition -> all.add((T) inR4(definition)));
		return all;
	}

	@Override
	public <T extends IBaseResource> List<T> fetchAllNonBaseStructureDefinitions() {
		return core.fetchAllNonBaseStructureDefinitions();
	}

	@Override
	public List<IBaseResource> fetchAllConformanceResources() {
		List<IBaseResource> all = new ArrayList<>(core.fetchAllConformanceResources());
		if (released != null) {
			all.addAll(fetchAllStructureDefinitions());
		}
		return all;
	}

	@Override
	public IBaseResource fetchCodeSystem(String system) {
		return core.fetchCodeSystem(system);
	}

	@Override
	public IBaseResource fetchValueSet(String url) {
		return core.fetchValueSet(url);
	}

	@Override
	public <T extends IBaseResource> List<T> fetchAllSearchParameters() {
		return core.fetchAllSearchParameters();
	}
}
