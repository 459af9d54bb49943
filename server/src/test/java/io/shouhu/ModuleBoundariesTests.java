package io.shouhu;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module map of docs/architecture.md, enforced: casework depends on no other module, the
 * technologies stay in the module that owns them, and no module reaches into another's internals.
 */
class ModuleBoundariesTests {

	static JavaClasses classes;

	@BeforeAll
	static void importProductionClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.shouhu");
	}

	@Test
	void importsEveryModule() {
		// Guards the rules below against passing on an empty import.
		for (String module : new String[] { "casework", "fhir", "api", "notification" }) {
			assertThat(classes.stream().anyMatch(c -> c.getPackageName().startsWith("io.shouhu." + module)))
				.as("classes of io.shouhu.%s imported", module)
				.isTrue();
		}
	}

	@Test
	void caseworkDependsOnNoOtherModule() {
		noClasses().that()
			.resideInAPackage("io.shouhu.casework..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.shouhu.fhir..", "io.shouhu.api..", "io.shouhu.notification..", "io.shouhu.identity..",
					"io.shouhu.security..", "io.shouhu.storage..", "io.shouhu.demo..")
			.check(classes);
	}

	@Test
	void caseworkKnowsNoWebFhirOrFirebase() {
		noClasses().that()
			.resideInAPackage("io.shouhu.casework..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.web..", "jakarta.servlet..", "ca.uhn..", "org.hl7..",
					"com.google.firebase..")
			.check(classes);
	}

	@Test
	void caseworksPublishedTypesCarryNoStorageDriverTypes() {
		// Its package-private stores may use the driver (GridFS); what other modules see may not.
		noClasses().that()
			.resideInAPackage("io.shouhu.casework..")
			.and()
			.arePublic()
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("com.mongodb..", "org.bson..")
			.check(classes);
	}

	@Test
	void fhirTypesStayInTheFhirAdapter() {
		ArchRule rule = noClasses().that()
			.resideOutsideOfPackage("io.shouhu.fhir..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("ca.uhn..", "org.hl7..");
		rule.check(classes);
	}

	@Test
	void firebaseStaysInNotification() {
		noClasses().that()
			.resideOutsideOfPackage("io.shouhu.notification..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("com.google.firebase..")
			.check(classes);
	}

	@Test
	void edgesDoNotDependOnEachOther() {
		noClasses().that()
			.resideInAPackage("io.shouhu.fhir..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.shouhu.api..", "io.shouhu.notification..")
			.check(classes);
		noClasses().that()
			.resideInAPackage("io.shouhu.notification..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.shouhu.api..", "io.shouhu.fhir..")
			.check(classes);
	}

	@Test
	void modulesUseOnlyEachOthersPublishedApi() {
		ApplicationModules.of(ShouhuApplication.class).verify();
	}
}
