package io.shouhu.casework;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Every case management test again, with the case list answered from memory as the embedded store
 * deployment does: the list must be the same whichever way it is answered.
 */
class CaseManagementWithListInMemoryTests extends CaseManagementTests {

	@Override
	TwoDistricts districts() {
		return TwoDistricts.withCaseListInMemory();
	}

	@Test
	void theListIsAnsweredFromMemory() {
		assertThat(districts.cases.listInMemory()).isTrue();
	}
}
