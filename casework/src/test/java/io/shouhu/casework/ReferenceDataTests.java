package io.shouhu.casework;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Registering reference data: case numbers must keep saying whose case it is; and what one instance
 * registers, every instance reads, this one at once and the others within the cache's time.
 */
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

	static final JurisdictionId LONGWAN = new JurisdictionId("longwan");

	static final JurisdictionId OUHAI = new JurisdictionId("ouhai");

	static final HospitalId HOSPITAL = new HospitalId("hospital-01");

	/** Another instance of the server on the same store. */
	final ReferenceData elsewhere = new ReferenceData(store.mongo);

	@Test
	void whatThisInstanceRegistersItReadsAtOnce() {
		referenceData.register(new Hospital(HOSPITAL, "温州市人民医院", LONGWAN));
		assertThat(referenceData.hospital(HOSPITAL).map(Hospital::jurisdiction)).contains(LONGWAN);

		referenceData.register(new Hospital(HOSPITAL, "温州市人民医院", OUHAI));

		assertThat(referenceData.hospital(HOSPITAL).map(Hospital::jurisdiction)).contains(OUHAI);
	}

	@Test
	void whatAnotherInstanceRegistersIsReadOnceTheCacheTimeHasPassed() {
		AtomicLong nanos = new AtomicLong();
		ReferenceData briefly = new ReferenceData(store.mongo, Duration.ofSeconds(30), nanos::get);
		referenceData.register(new Hospital(HOSPITAL, "温州市人民医院", LONGWAN));
		referenceData.register(new StaffMember(new UserId("zhang"), LONGWAN, Set.of(Role.INTAKE)));
		assertThat(briefly.hospital(HOSPITAL).map(Hospital::jurisdiction)).contains(LONGWAN);
		assertThat(briefly.staffWithRole(LONGWAN, Role.INTAKE)).hasSize(1);

		elsewhere.register(new Hospital(HOSPITAL, "温州市人民医院", OUHAI));
		elsewhere.register(new StaffMember(new UserId("li"), LONGWAN, Set.of(Role.INTAKE)));

		assertThat(briefly.hospital(HOSPITAL).map(Hospital::jurisdiction)).as("within the cache time")
			.contains(LONGWAN);
		assertThat(briefly.staffWithRole(LONGWAN, Role.INTAKE)).as("within the cache time").hasSize(1);
		nanos.addAndGet(Duration.ofSeconds(29).toNanos());
		assertThat(briefly.hospital(HOSPITAL).map(Hospital::jurisdiction)).as("still within the cache time")
			.contains(LONGWAN);
		assertThat(briefly.staffWithRole(LONGWAN, Role.INTAKE)).as("still within the cache time").hasSize(1);
		nanos.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(briefly.hospital(HOSPITAL).map(Hospital::jurisdiction)).contains(OUHAI);
		assertThat(briefly.staffWithRole(LONGWAN, Role.INTAKE)).extracting(StaffMember::id)
			.containsExactlyInAnyOrder(new UserId("zhang"), new UserId("li"));
	}

	@Test
	void whatWasNotFoundIsLookedForAgainEveryTime() {
		WorkstationId workstation = new WorkstationId("hospital-01-ws-001");
		assertThat(referenceData.workstation(workstation)).isEmpty();
		assertThat(referenceData.staffWithRole(LONGWAN, Role.INTAKE)).isEmpty();

		elsewhere.register(new Workstation(workstation, HOSPITAL));
		elsewhere.register(new StaffMember(new UserId("zhang"), LONGWAN, Set.of(Role.INTAKE)));

		assertThat(referenceData.workstation(workstation).map(Workstation::hospital)).contains(HOSPITAL);
		assertThat(referenceData.staffWithRole(LONGWAN, Role.INTAKE)).hasSize(1);
	}

	@Test
	void withNoCacheTimeEveryReadGoesToTheStore() {
		ReferenceData uncached = new ReferenceData(store.mongo, Duration.ZERO);
		referenceData.register(new Jurisdiction(LONGWAN, "龙湾"));
		assertThat(uncached.jurisdiction(LONGWAN).map(Jurisdiction::name)).contains("龙湾");
		assertThat(referenceData.jurisdiction(LONGWAN).map(Jurisdiction::name)).contains("龙湾");

		elsewhere.register(new Jurisdiction(LONGWAN, "温州市龙湾区人民检察院"));

		assertThat(uncached.jurisdiction(LONGWAN).map(Jurisdiction::name)).contains("温州市龙湾区人民检察院");
		assertThat(referenceData.jurisdiction(LONGWAN).map(Jurisdiction::name)).as("held by this instance")
			.contains("龙湾");
	}
}
