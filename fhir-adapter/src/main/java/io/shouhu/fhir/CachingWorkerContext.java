package io.shouhu.fhir;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.r5.model.Resource;

import ca.uhn.fhir.context.support.IValidationSupport;

/**
 * HAPI's worker context for the instance validator, remembering what it found. The validator looks
 * up the same definitions (a type's StructureDefinition, a profile, a value set) thousands of times
 * per report, and each look-up goes through the support chain's own caches, with the resource type
 * resolved and a cache key built every time: about a tenth of a validation. A definition found once
 * is the same object every time after (HAPI keeps the converted R5 form on the source resource), so
 * it is kept here. Only definitions that exist are kept, so the map holds at most the definitions the
 * chain has; look-ups that find nothing go to the chain every time, as before.
 */
final class CachingWorkerContext extends WorkerContextValidationSupportAdapter {

	/** Far above the definitions of core FHIR and the guide; a guard against unexpected growth. */
	private static final int MAX_ENTRIES = 20_000;

	private final Map<Class<?>, Map<String, Resource>> found = new ConcurrentHashMap<>();

	CachingWorkerContext(IValidationSupport support) {
		super(support);
	}

	@Override
	public <T extends Resource> T fetchResource(Class<T> type, String uri) {
		if (uri == null) {
			return super.fetchResource(type, uri);
		}
		Map<String, Resource> ofType = found.computeIfAbsent(type, t -> new ConcurrentHashMap<>());
		Resource known = ofType.get(uri);
		if (known != null) {
			return type.cast(known);
		}
		T fetched = super.fetchResource(type, uri);
		// A uri with more than one '|' makes HAPI log a warning each time: left to HAPI.
		if (fetched != null && ofType.size() < MAX_ENTRIES && uri.indexOf('|') == uri.lastIndexOf('|')) {
			ofType.put(uri, fetched);
		}
		return fetched;
	}

	@Override
	public <T extends Resource> boolean hasResource(Class<T> type, String uri) {
		Map<String, Resource> ofType = uri == null ? null : found.get(type);
		return (ofType != null && ofType.containsKey(uri)) || super.hasResource(type, uri);
	}
}
