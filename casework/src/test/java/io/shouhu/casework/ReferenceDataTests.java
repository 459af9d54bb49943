package io.shouhu.casework;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Registering reference data: case numbers must keep saying whose case it is. */
class ReferenceDataTests {

	final CaseworkStore store = new CaseworkStore();

	final ReferenceData referenceData = new ReferenceData(store.mongo);

	@AfterEach
	void closeStore() {
		store.close();
	}

	@Test
	void twoJurisdictionsCannotShareACasePrefix() {
		referenceData.register(new Jurisdiction(new JurisdictionId("longwan"), "龙湾"));

		assertThatThrownBy(() -> referenceData.register(new Jurisdiction(new JurisdictionId("longgang"), "龙港")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("LO")
			.hasMessageContaining("longwan");
		referenceData.register(new Jurisdiction(new JurisdictionId("longgang"), "龙港", "LG"));
		referenceData.register(new Jurisdiction(new JurisdictionId("longwan"), "温州市龙湾区人民检察院"));

		assertThat(referenceData.jurisdiction(new JurisdictionId("longgang")).map(Jurisdiction::casePrefix))
			.contains("LG");
		assertThat(referenceData.jurisdiction(new JurisdictionId("longwan")).map(Jurisdiction::name))
			.as("registering again under the same prefix is an update").contains("温州市龙湾区人民检察院");
	}
}
