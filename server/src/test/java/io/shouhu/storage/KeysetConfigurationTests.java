package io.shouhu.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

import io.shouhu.casework.PersonalDataKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The keyset: generated for the demo, required without it. */
class KeysetConfigurationTests {

	@TempDir
	Path dir;

	ApplicationContextRunner context(boolean demo) {
		return new ApplicationContextRunner().withUserConfiguration(KeysetConfiguration.class)
			.withPropertyValues("shouhu.demo.enabled=" + demo,
					"shouhu.crypto.keyset-file=" + dir.resolve("keys/keyset.json"));
	}

	@Test
	void theDemoGeneratesAMissingKeysetReadableByItsOwnerOnlyAndKeepsItAfterwards() throws Exception {
		Path file = dir.resolve("keys/keyset.json");
		context(true).run(started -> assertThat(started).hasSingleBean(PersonalDataKeys.class));
		assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE);
		String generated = Files.readString(file);
		context(true).run(started -> assertThat(started).hasSingleBean(PersonalDataKeys.class));
		assertThat(Files.readString(file)).isEqualTo(generated);
	}

	@Test
	void withoutTheDemoAMissingKeysetStopsTheStartAndSaysWhy() {
		context(false).run(started -> {
			assertThat(started).hasFailed();
			assertThat(started.getStartupFailure()).rootCause()
				.hasMessageContaining(dir.resolve("keys/keyset.json").toString())
				.hasMessageContaining("shouhu.crypto.keyset-file");
		});
		assertThat(dir.resolve("keys/keyset.json")).doesNotExist();
	}

	@Test
	void withoutTheDemoAnExistingKeysetIsUsed() {
		PersonalDataKeys.generate(dir.resolve("keys/keyset.json"));
		context(false).run(started -> assertThat(started).hasSingleBean(PersonalDataKeys.class));
	}
}
