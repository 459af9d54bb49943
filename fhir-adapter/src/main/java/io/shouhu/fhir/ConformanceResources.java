package io.shouhu.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import ca.uhn.fhir.context.FhirContext;

/**
 * The implementation guide's own resources, as published in {@code src/main/resources/fhir}: the
 * profiles (StructureDefinitions, differential only), CodeSystems and ValueSets. Read once at
 * start; the validator fills the profiles' snapshots in, and the server then serves those.
 */
final class ConformanceResources {

	/** Every {@code .json} directly in this folder is one resource; examples live elsewhere. */
	static final String LOCATION = "classpath*:fhir/*.json";

	private final List<StructureDefinition> structureDefinitions;

	private final List<CodeSystem> codeSystems;

	private final List<ValueSet> valueSets;

	private ConformanceResources(List<StructureDefinition> structureDefinitions, List<CodeSystem> codeSystems,
			List<ValueSet> valueSets) {
		this.structureDefinitions = List.copyOf(structureDefinitions);
		this.codeSystems = List.copyOf(codeSystems);
		this.valueSets = List.copyOf(valueSets);
	}

	static ConformanceResources load(FhirContext context) {
		List<StructureDefinition> structureDefinitions = new ArrayList<>();
		List<CodeSystem> codeSystems = new ArrayList<>();
		List<ValueSet> valueSets = new ArrayList<>();
		for (Resource file : files()) {
			IBaseResource resource = parse(context, file);
			if (resource instanceof StructureDefinition profile) {
				structureDefinitions.add(profile);
			}
			else if (resource instanceof CodeSystem codeSystem) {
				codeSystems.add(codeSystem);
			}
			else if (resource instanceof ValueSet valueSet) {
				valueSets.add(valueSet);
			}
			else {
				throw new IllegalStateException("Not a conformance resource of the guide: " + file.getFilename());
			}
		}
		if (structureDefinitions.isEmpty()) {
			throw new IllegalStateException("The implementation guide's resources are missing from " + LOCATION);
		}
		return new ConformanceResources(sorted(structureDefinitions), sorted(codeSystems), sorted(valueSets));
	}

	/** The same resources with the profiles replaced, e.g. by their versions with a snapshot. */
	ConformanceResources withStructureDefinitions(List<StructureDefinition> profiles) {
		return new ConformanceResources(sorted(new ArrayList<>(profiles)), codeSystems, valueSets);
	}

	List<StructureDefinition> structureDefinitions() {
		return structureDefinitions;
	}

	List<CodeSystem> codeSystems() {
		return codeSystems;
	}

	List<ValueSet> valueSets() {
		return valueSets;
	}

	List<MetadataResource> all() {
		List<MetadataResource> all = new ArrayList<>(structureDefinitions);
		all.addAll(codeSystems);
		all.addAll(valueSets);
		return all;
	}

	/** The profile declared for a resource type, e.g. {@code Flag}, other than extensions. */
	Optional<StructureDefinition> profileOf(String resourceType) {
		return structureDefinitions.stream()
			.filter(sd -> sd.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE)
			.filter(sd -> resourceType.equals(sd.getType()))
			.findFirst();
	}

	private static Resource[] files() {
		try {
			return new PathMatchingResourcePatternResolver(ConformanceResources.class.getClassLoader())
				.getResources(LOCATION);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static IBaseResource parse(FhirContext context, Resource file) {
		try (InputStream in = file.getInputStream()) {
			return context.newJsonParser().parseResource(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file.getFilename(), ex);
		}
	}

	private static <T extends MetadataResource> List<T> sorted(List<T> resources) {
		resources.sort(Comparator.comparing(MetadataResource::getUrl));
		return resources;
	}
}
